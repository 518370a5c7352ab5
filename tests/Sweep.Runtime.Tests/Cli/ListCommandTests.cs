using System.Text.RegularExpressions;

namespace Sweep.Runtime.Tests.Cli;

public sealed class ListCommandTests
{
    [Fact]
    public async Task Help_ListsTheCommands()
    {
        (int code, string output, _) = await Fakes.Cli.RunAsync("--help");

        Assert.Equal(0, code);
        foreach (string command in new[] { "list", "plan", "run", "status", "export", "report", "merge" })
        {
            Assert.Matches(new Regex($@"^\s+{command}\b", RegexOptions.Multiline), output);
        }
    }
}
