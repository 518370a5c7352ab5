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
        string name = study.Descriptor.Name;
        await CommandAsync(study, ["run", name, "--out", Out, "--no-report", .. args]);
        using ResultStore store = ResultStore.Open(Path.Combine(Out, ResultStore.DefaultFileName));
        return store.ReadTrials(name);
    }

    /// <summary>Runs any command with only <paramref name="study"/> declared; fails the test unless it exits 0, else returns what it printed.</summary>
    public async Task<string> CommandAsync(StudyDefinition study, params string[] args)
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
        int code = await SweepApp.RunAsync(args, options);
        Assert.True(code == 0, output.ToString());
        return output.ToString();
    }

    public void Dispose()
    {
        if (Directory.Exists(Out))
        {
            Directory.Delete(Out, recursive: true);
        }
    }
}
