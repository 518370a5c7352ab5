using System.Text.RegularExpressions;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Runtime.Tests.Running;
using Sweep.Storage;

namespace Sweep.Runtime.Tests.Cli;

[Collection(ToyStudyCollection.Name)]
public sealed class MergeCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public MergeCommandTests() => ToyStudy.Reset();

    public void Dispose()
    {
        ToyStudy.Reset();
        _folder.Dispose();
    }

    [Fact]
    public async Task MergeOfTwoShardRuns_ThenStatus_ShowsEverythingDone()
    {
        Assert.Equal(0, (await Fakes.Cli.RunAsync("run", "toy", "--shard", "0/2", "--out", _folder.Path, "--no-report")).ExitCode);
        Assert.Equal(0, (await Fakes.Cli.RunAsync("run", "toy", "--shard", "1/2", "--out", _folder.Path, "--no-report")).ExitCode);

        (int code, string output, string error) = await Fakes.Cli.RunAsync(
            "merge", _folder.File("shard-0-of-2.db"), _folder.File("shard-1-of-2.db"), "-o", _folder.File("sweep.db"));

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("merged toy into", output, StringComparison.Ordinal);
        Assert.Contains("12 trials added, 0 failures replaced, 0 already present", output, StringComparison.Ordinal);

        (int status, string table, _) = await Fakes.Cli.RunAsync("status", "--out", _folder.Path);
        Assert.Equal(0, status);
        Assert.Matches(new Regex(@"│ toy\s+│ 12\s+│ 0\s+│ 0\s+│"), table);
        Assert.Equal(12, ToyStudy.Calls);
    }

    [Fact]
    public async Task MergeOfMismatchedStudies_ExitsTwo_NamingBothStores()
    {
        await Fakes.Cli.RunAsync("run", "toy", "--shard", "0/2", "--out", _folder.Path, "--no-report");
        string other = _folder.File("other.db");
        StudyDescriptor toy = ToyStudy.Definition.Descriptor;
        using (ResultStore store = ResultStore.Open(other))
        {
            store.RegisterStudy(new StudyDescriptor(toy.Name, toy.TypeName, null, [toy.Axes[1]], toy.Seeds, [], [], [], false, toy.RunMode));
        }

        (int code, string output, string error) = await Fakes.Cli.RunAsync("merge", _folder.File("shard-0-of-2.db"), other, "-o", _folder.File("sweep.db"));

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("error: study 'toy' differs:", error, StringComparison.Ordinal);
        Assert.Contains(_folder.File("shard-0-of-2.db"), error, StringComparison.Ordinal);
        Assert.Contains(other, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergeOfAMissingStore_ExitsTwo()
    {
        (int code, _, string error) = await Fakes.Cli.RunAsync("merge", _folder.File("absent.db"), "-o", _folder.File("sweep.db"));

        Assert.Equal(2, code);
        Assert.Contains("absent.db: no such store", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergeWithoutAnOutput_IsAUsageError()
    {
        (int code, _, string error) = await Fakes.Cli.RunAsync("merge", _folder.File("a.db"));

        Assert.Equal(2, code);
        Assert.Contains("--output", error, StringComparison.Ordinal);
    }
}
