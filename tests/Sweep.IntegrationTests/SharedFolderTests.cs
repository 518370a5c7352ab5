using System.Diagnostics;
using SharedFolderWorker;
using Sweep.Storage;

namespace Sweep.IntegrationTests;

/// <summary>
/// Several real processes started together on one results folder (each waits at its first trial until all have
/// started one, so they do run side by side): the store is their work queue, so every trial is executed exactly once
/// (each process logs its executions) and the store ends as one process's run leaves it.
/// </summary>
public sealed class SharedFolderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sweep-shared", Guid.NewGuid().ToString("N"));

    public SharedFolderTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task ProcessesStartedTogetherOnOneFolder_ExecuteEachTrialOnce_AndLeaveTheStoreOfASingleRun(int processes)
    {
        CancellationToken cancellation = TestContext.Current.CancellationToken;
        string shared = Path.Combine(_root, "shared"), single = Path.Combine(_root, "single"), log = Path.Combine(_root, "executions.log");

        Directory.CreateDirectory(log);
        (int Code, string Output)[] runs = await Task.WhenAll(Enumerable.Range(0, processes).Select(_ => Run(shared, log, processes, cancellation)));
        (int singleCode, string singleOutput) = await Run(single, log: null, processes: 1, cancellation);

        Assert.All(runs, r => Assert.True(r.Code == 0, r.Output));
        Assert.True(singleCode == 0, singleOutput);
        string[] logs = Directory.GetFiles(log);
        string[] executed = [.. logs.SelectMany(File.ReadAllLines)];
        Assert.Equal(24, executed.Length);
        Assert.Equal(24, executed.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(processes, logs.Length);
        Assert.Equal(Summary(single), Summary(shared));
        Assert.All(ReadTrials(shared), t => Assert.Equal(SharedFolderStudy.Expected((int)t.Axis("Width")!.Value.Number!.Value, t.Seed), t.Metrics["test"][Metric.TestLoss]));
    }

    private static async Task<(int Code, string Output)> Run(string folder, string? log, int processes, CancellationToken cancellation)
    {
        ProcessStartInfo start = new("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])[typeof(SharedFolderStudy).Assembly.Location, "run", "shared-folder", "--out", folder, "--parallel", "2", "--no-report"])
        {
            start.ArgumentList.Add(argument);
        }

        if (log is not null)
        {
            start.Environment["SWEEP_WORKER_LOG"] = log;
            start.Environment["SWEEP_WORKER_PROCESSES"] = processes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start the worker");
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancellation), error = process.StandardError.ReadToEndAsync(cancellation);
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static IReadOnlyList<StoredTrial> ReadTrials(string folder)
    {
        using ResultStore store = ResultStore.Open(Path.Combine(folder, ResultStore.DefaultFileName));
        return store.ReadTrials("shared-folder");
    }

    private static string Summary(string folder)
        => string.Join("\n", ReadTrials(folder).OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => $"{t.Key} {t.Status} {t.Identity} {t.Attempts} {t.Metrics["test"][Metric.TestLoss]:R}"));
}
