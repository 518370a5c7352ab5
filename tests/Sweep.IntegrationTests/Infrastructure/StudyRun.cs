using Sweep.Hosting;
using Sweep.Storage;

namespace Sweep.IntegrationTests.Infrastructure;

/// <summary>Runs one study through the CLI in-process into a fresh temporary folder and reads its stored trials back.</summary>
internal sealed class StudyRun : IDisposable
{
    public string Out { get; } = Path.Combine(Path.GetTempPath(), "sweep-it", Guid.NewGuid().ToString("N"));

    /// <summary>Runs <c>run &lt;study&gt; --out … --no-report</c> plus <paramref name="args"/>; fails the test unless it exits 0.</summary>
    public async Task<IReadOnlyList<StoredTrial>> RunAsync(StudyDefinition study, params string[] args)
    {
        using StringWriter output = new();
        SweepAppOptions options = new()
        {
            Output = output,
            Error = output,
            Interactive = false,
            HandleSignals = false,
            Studies = [study],
        };
        string name = study.Descriptor.Name;
        int code = await SweepApp.RunAsync(["run", name, "--out", Out, "--no-report", .. args], options);
        Assert.True(code == 0, output.ToString());
        using ResultStore store = ResultStore.Open(Path.Combine(Out, ResultStore.DefaultFileName));
        return store.ReadTrials(name);
    }

    public void Dispose()
    {
        if (Directory.Exists(Out))
        {
            Directory.Delete(Out, recursive: true);
        }
    }
}
