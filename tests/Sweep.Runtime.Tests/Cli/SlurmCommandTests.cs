using Sweep.Cli;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Runtime.Tests.Running;

namespace Sweep.Runtime.Tests.Cli;

/// <summary>
/// The job scripts <c>slurm</c> writes: an array of shards that is requeued on preemption and stops gracefully before its
/// time limit, and a merge-and-report job; and the usage errors. (tests/Slurm/check.sh runs them on a real Slurm.)
/// </summary>
[Collection(ToyStudyCollection.Name)]
public sealed class SlurmCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Slurm_WritesAnArrayOfShards_AndAMergeAndReportJob()
    {
        string results = _folder.File("my results");

        (int code, string output, string error) = await Fakes.Cli.RunAsync(
            "slurm", "toy", "--set", "Width=1,2", "--seeds", "2", "--shards", "3", "--cpus-per-task", "4", "--mem", "8G", "--time", "01:30:00", "--partition", "gpu", "--out", results);

        Assert.True(code == 0, error);
        Assert.Contains("toy: 8 trials in 3 array tasks of 4 cores", output, StringComparison.Ordinal);
        string array = await File.ReadAllTextAsync(Path.Combine(results, "slurm", "toy-array.sbatch"), TestContext.Current.CancellationToken);
        string merge = await File.ReadAllTextAsync(Path.Combine(results, "slurm", "toy-merge.sbatch"), TestContext.Current.CancellationToken);
        string[] lines = array.Split('\n');
        Assert.Equal("#!/bin/bash", lines[0]);
        foreach (string directive in new[] { "--job-name=sweep-toy", "--cpus-per-task=4", "--mem=8G", "--time=01:30:00", "--partition=gpu", "--array=0-2", "--requeue", "--signal=B:TERM@120", "--open-mode=append" })
        {
            Assert.Contains($"#SBATCH {directive}", lines);
        }

        string run = Assert.Single(lines, l => l.StartsWith("exec dotnet ", StringComparison.Ordinal));
        Assert.EndsWith($" run toy --shard \"$SLURM_ARRAY_TASK_ID/3\" --out '{results}' --no-report --set Width=1,2 --seeds 2", run, StringComparison.Ordinal);
        Assert.Contains($"merge '{results}'/shard-*-of-3.db -o '{Path.Combine(results, "sweep.db")}'", merge, StringComparison.Ordinal);
        Assert.Contains($" report toy --out '{results}'", merge, StringComparison.Ordinal);
        Assert.Contains("set -e", merge, StringComparison.Ordinal);
        Assert.Contains("submit: id=$(sbatch --parsable", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slurm_NeverAsksForMoreTasksThanTrials()
    {
        (int code, string output, _) = await Fakes.Cli.RunAsync("slurm", "toy", "--set", "Width=1", "--set", "Mode=a", "--seeds", "1", "--out", _folder.Path);

        Assert.Equal(0, code);
        Assert.Contains("toy: 1 trials in 1 array tasks", output, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --array=0-0", await File.ReadAllTextAsync(_folder.File("slurm/toy-array.sbatch"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--shards", "0", "error: --shards: 0 is not a positive number of array tasks.")]
    [InlineData("--cpus-per-task", "0", "error: --cpus-per-task: 0 is not a positive number of cores.")]
    public async Task Slurm_RefusesNonsense_NamingTheFlag(string flag, string value, string message)
    {
        (int code, _, string error) = await Fakes.Cli.RunAsync("slurm", "toy", flag, value, "--out", _folder.Path);

        Assert.Equal(2, code);
        Assert.Equal(message, error.Trim());
        Assert.False(Directory.Exists(_folder.File("slurm")), "nothing is written");
    }

    [Fact]
    public void Quote_LeavesPlainWordsAlone_AndSingleQuotesTheRest()
    {
        Assert.Equal("/data/run-1/out.db", SlurmScripts.Quote("/data/run-1/out.db"));
        Assert.Equal("'a b'", SlurmScripts.Quote("a b"));
        Assert.Equal("'it'\\''s'", SlurmScripts.Quote("it's"));
        Assert.Equal("''", SlurmScripts.Quote(string.Empty));
    }
}
