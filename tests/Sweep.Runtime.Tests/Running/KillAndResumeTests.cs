using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Runtime.Tests.Infrastructure;
using Sweep.Storage;

namespace Sweep.Runtime.Tests.Running;

/// <summary>
/// The resume contract against a real process: a run killed part-way (SIGKILL) loses at most the trials in flight
/// and never corrupts or duplicates; SIGTERM (what Slurm sends) stops after the trials in flight.
/// </summary>
[Collection(ToyStudyCollection.Name)]
public sealed class KillAndResumeTests : IDisposable
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    private readonly TempFolder _folder = new();

    public KillAndResumeTests() => ToyStudy.Reset();

    public void Dispose()
    {
        ToyStudy.Reset();
        _folder.Dispose();
    }

    [Fact]
    public async Task SigkillPartWay_ThenRerun_LeavesEveryTrialExactlyOnce()
    {
        using (Process child = ChildProcess.Start(150, "run", "toy", "--parallel", "2", "--out", _folder.Path, "--no-report"))
        {
            try
            {
                await WaitForLine(child, "[3/12] done");
                child.Kill();
                await child.WaitForExitAsync(TestContext.Current.CancellationToken);
                Assert.Equal(128 + 9, child.ExitCode);
            }
            finally
            {
                EnsureEnded(child);
            }
        }

        int survived;
        using (ResultStore store = ResultStore.Open(_folder.File("sweep.db")))
        {
            Assert.Equal("ok", Scalar(store, "PRAGMA integrity_check"));
            survived = store.ReadTrials("toy").Count;
            Assert.InRange(survived, 3, 11);
            Assert.Equal(RunStatus.Running, store.Runs("toy").Single().Status);
        }

        (int code, string output, _) = await Fakes.Cli.RunAsync("run", "toy", "--out", _folder.Path, "--no-report");

        Assert.Equal(0, code);
        Assert.Contains($"{survived} already done, running {12 - survived}", output, StringComparison.Ordinal);
        Assert.Equal(12 - survived, ToyStudy.Calls);
        using ResultStore resumed = ResultStore.Open(_folder.File("sweep.db"));
        IReadOnlyList<StoredTrial> trials = resumed.ReadTrials("toy");
        Assert.Equal(ToyStudy.Definition.CreateGrid().Select(t => t.Key).Order(StringComparer.Ordinal), trials.Select(t => t.Key).Order(StringComparer.Ordinal));
        Assert.All(trials, t => Assert.Equal((TrialStatus.Done, 1), (t.Status, t.Attempts)));
        Assert.Equal("12", Scalar(resumed, "SELECT COUNT(*) FROM trials"));
    }

    [Fact]
    public async Task Sigterm_StopsAfterTheTrialsInFlight_WithExitCode130()
    {
        using Process child = ChildProcess.Start(300, "run", "toy", "--parallel", "2", "--out", _folder.Path, "--no-report");
        string rest;
        try
        {
            await WaitForLine(child, "[1/12] done");
            using (Process kill = Process.Start("kill", ["-TERM", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            rest = await child.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await child.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        finally
        {
            EnsureEnded(child);
        }

        Assert.Equal(130, child.ExitCode);
        Assert.Contains("stopping: finishing", rest, StringComparison.Ordinal);
        using ResultStore store = ResultStore.Open(_folder.File("sweep.db"));
        int stored = store.ReadTrials("toy").Count;
        Assert.InRange(stored, 1, 11);
        Assert.Equal(stored, 1 + Regex.Count(rest, @"\] done "));
        Assert.Contains($"toy: {stored} done, 0 failed, 0 already done, {12 - stored} not started", rest, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Cancelled, store.Runs("toy").Single().Status);
    }

    private static void EnsureEnded(Process child)
    {
        if (!child.HasExited)
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
        }
    }

    private static async Task WaitForLine(Process child, string text)
    {
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(s_patience);
        List<string> seen = [];
        while (await child.StandardOutput.ReadLineAsync(timeout.Token) is string line)
        {
            seen.Add(line);
            if (line.Contains(text, StringComparison.Ordinal))
            {
                return;
            }
        }

        string error = await child.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.Fail($"the child ended before printing '{text}'; output:{Environment.NewLine}{string.Join(Environment.NewLine, seen)}{Environment.NewLine}{error}");
    }

    private static string Scalar(ResultStore store, string sql)
    {
        using SqliteConnection raw = new($"Data Source={store.Path};Pooling=False");
        raw.Open();
        using SqliteCommand command = raw.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
