using Sweep.Hosting;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Fakes;

/// <summary>Runs the CLI in-process with captured output over the fake studies.</summary>
public static class Cli
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
        => await RunAsync(args, CancellationToken.None);

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, CancellationToken stopping, Func<string, ITrialEngine>? engines = null)
    {
        using StringWriter output = new();
        using StringWriter error = new();
        int code = await SweepApp.RunAsync(args, new SweepAppOptions
        {
            Output = output,
            Error = error,
            Studies = [ToyStudy.Definition, RidgeStudy.Definition, LawStudy.Definition, EditableStudy.Definition],
            Interactive = false,
            HandleSignals = false,
            Stopping = stopping,
            EngineFactory = engines,
        });
        return (code, output.ToString(), error.ToString());
    }
}
