using System.Text.RegularExpressions;

namespace Sweep.Runtime.Tests.Cli;

public sealed class ListCommandTests
{
    [Fact]
    public async Task List_ShowsBothStudies_WithTheirAxesAndGridSizes()
    {
        (int code, string output, string error) = await Fakes.Cli.RunAsync("list");

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Matches(new Regex(@"│ toy\s+│ Width \(int\): 1, 2, 4\s+│ 2\s+│ 12\s+│ \[Trial\] method"), output);
        Assert.Matches(new Regex(@"│ ridge\s+│ Features \(int\): 4, 16, 64\s+│ 2\s+│ 12 \(before constraints\)\s+│ engine"), output);
        Assert.Contains("Mode (string): a, b", output, StringComparison.Ordinal);
        Assert.Contains("TrainSize (int): 64, 256", output, StringComparison.Ordinal);
        Assert.Contains("a hand-written study", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsTheCommands()
    {
        (int code, string output, _) = await Fakes.Cli.RunAsync("--help");

        Assert.Equal(0, code);
        foreach (string command in new[] { "list", "plan", "run", "status", "export", "fit", "report", "merge" })
        {
            Assert.Matches(new Regex($@"^\s+{command}\b", RegexOptions.Multiline), output);
        }
    }
}
