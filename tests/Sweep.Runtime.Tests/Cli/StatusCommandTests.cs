using System.Text.RegularExpressions;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Runtime.Tests.Running;

namespace Sweep.Runtime.Tests.Cli;

[Collection(ToyStudyCollection.Name)]
public sealed class StatusCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public StatusCommandTests() => ToyStudy.Reset();

    public void Dispose()
    {
        ToyStudy.Reset();
        _folder.Dispose();
    }

    [Fact]
    public async Task Status_ShowsDoneFailedAndPending_AndTheFailures()
    {
        ToyStudy.FailingWidths.Add(4);
        await Fakes.Cli.RunAsync("run", "toy", "--max-trials", "10", "--out", _folder.Path, "--no-report");

        (int code, string output, string error) = await Fakes.Cli.RunAsync("status", "toy", "--out", _folder.Path);

        // Ten ran: Width 1 and 2 (8 done), then two of Width 4 (failed); the other two never ran. Each trial counts once.
        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Matches(new Regex(@"│ toy\s+│ 8\s+│ 0\s+│ 2\s+│ 2\s+│ \S+ \(failures\)"), output);
        Assert.Contains("toy: 2 failed: InvalidOperationException: width 4 is cursed", output, StringComparison.Ordinal);
        Assert.Contains("  Width=4;Mode=a;seed=0, Width=4;Mode=a;seed=1", output, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(output, "failed: ", RegexOptions.Multiline));
    }

    [Fact]
    public async Task Status_OfACompleteStudy_HasNothingPending()
    {
        await Fakes.Cli.RunAsync("run", "toy", "--out", _folder.Path, "--no-report");
        await Fakes.Cli.RunAsync("run", "ridge", "--seeds", "1", "--set", "Features=4", "--out", _folder.Path, "--no-report");

        (int code, string output, _) = await Fakes.Cli.RunAsync("status", "--out", _folder.Path);

        Assert.Equal(0, code);
        Assert.Matches(new Regex(@"│ toy\s+│ 12\s+│ 0\s+│ 0\s+│ 0\s+│ \S+ \(completed\)"), output);
        Assert.Matches(new Regex(@"│ ridge\s+│ 2\s+│ 0\s+│ 0\s+│ 10\s+│ \S+ \(completed\)"), output);
    }

    [Fact]
    public async Task Status_OfAStudyNotInTheStore_ListsTheStoredOnes()
    {
        await Fakes.Cli.RunAsync("run", "toy", "--max-trials", "1", "--out", _folder.Path, "--no-report");

        (int code, _, string error) = await Fakes.Cli.RunAsync("status", "ridge", "--out", _folder.Path);

        Assert.Equal(2, code);
        Assert.Contains("'ridge' has no results", error, StringComparison.Ordinal);
        Assert.Contains("stored: toy", error, StringComparison.Ordinal);
    }
}
