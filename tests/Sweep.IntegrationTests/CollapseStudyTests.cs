using Sweep.Hosting;
using Sweep.IntegrationTests.Studies;
using Sweep.Storage;

namespace Sweep.IntegrationTests;

/// <summary>A generated collapse study end to end: malformed chains fail with their reason, the others run, and run and report show the chain.</summary>
public sealed class CollapseStudyTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "sweep-it", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [Fact]
    public async Task MalformedChains_FailWithTheirReason_TheRestRunAndReportTheirTrajectories()
    {
        (int runCode, string run) = await Cli("run", "chains", "--out", _out);

        Assert.Equal(1, runCode);
        using (ResultStore store = ResultStore.Open(Path.Combine(_out, ResultStore.DefaultFileName)))
        {
            IReadOnlyList<StoredTrial> trials = store.ReadTrials("chains");
            Assert.Equal(2 * 2 * 2 * 3, trials.Count);
            Assert.All(trials.Where(t => t.Axis("Generations")!.Value.Number == 0), t =>
            {
                Assert.Equal(TrialStatus.Failed, t.Status);
                Assert.StartsWith("ArgumentOutOfRangeException: collapse chain: a chain needs at least one generation. (Parameter 'generations')", t.Error, StringComparison.Ordinal);
            });
            Assert.All(trials.Where(t => t.Axis("Generations")!.Value.Number == 4 && t.Axis("LastCheckpoint")!.Value.Number == 9), t =>
            {
                Assert.Equal(TrialStatus.Failed, t.Status);
                Assert.Contains("checkpoint 9 is beyond the last generation (4)", t.Error, StringComparison.Ordinal);
            });
            StoredTrial[] done = [.. trials.Where(t => t.Status == TrialStatus.Done)];
            Assert.Equal(2 * 3, done.Length);
            Assert.All(done, t => Assert.Equal(["gen-0", "gen-1", "gen-2"], t.Metrics.Keys.Order(StringComparer.Ordinal)));
        }

        Assert.Contains("chains: median test_loss over seeds, by generation", run, StringComparison.Ordinal);

        (int reportCode, string report) = await Cli("report", "chains", "--out", _out, "--metric", Metric.FittedVariance);
        Assert.Equal(0, reportCode);
        Assert.Contains("chains: median fitted_variance over seeds", report, StringComparison.Ordinal);
        string markdown = await File.ReadAllTextAsync(Path.Combine(_out, "report-chains.md"), TestContext.Current.CancellationToken);
        Assert.Contains("## Collapse", markdown, StringComparison.Ordinal);
        Assert.Contains("### `fitted_variance` (lower is worse)", markdown, StringComparison.Ordinal);
        Assert.Contains("### Collapse rates", markdown, StringComparison.Ordinal);
        Assert.Contains("### Smallest fresh fraction within 10%", markdown, StringComparison.Ordinal);
        Assert.Contains("| Generations=4 LastCheckpoint=2 | `fitted_variance` | 2 | 0: ", markdown, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_out, "chains-collapse-fitted_variance-Generations_4-LastCheckpoint_2.png")));
        Assert.True(File.Exists(Path.Combine(_out, "chains-collapse-fitted_variance-Generations_4-LastCheckpoint_2.svg")));
        Assert.Empty(Directory.GetFiles(_out, "chains-gen-*"));
    }

    private static async Task<(int Code, string Output)> Cli(params string[] args)
    {
        using StringWriter output = new();
        int code = await SweepApp.RunAsync(args, new SweepAppOptions
        {
            Output = output,
            Error = output,
            Interactive = false,
            HandleSignals = false,
            Studies = [ChainStudy.Definition],
        });
        return (code, output.ToString());
    }
}
