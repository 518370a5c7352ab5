using System.Diagnostics;
using Sweep.Hosting;
using Sweep.Runtime.Tests.Fakes;

namespace Sweep.Runtime.Tests.Infrastructure;

/// <summary>
/// Runs the Sweep CLI over the fake studies in a separate process, so tests can SIGKILL or SIGTERM a real run.
/// The child is this very test executable, started with this assembly as a .NET startup hook
/// (<c>DOTNET_STARTUP_HOOKS</c>): <see cref="StartupHook.Initialize"/> runs the CLI with <see cref="ArgumentsVariable"/>'s
/// arguments and exits before the test platform's <c>Main</c>. (A module initializer cannot do this: it runs as the
/// module's class constructor, so the sweep's worker threads would wait on it forever.)
/// </summary>
internal static class ChildProcess
{
    public const string ArgumentsVariable = "SWEEP_TESTS_CHILD_ARGS";

    public const string SleepVariable = "SWEEP_TESTS_CHILD_SLEEP_MS";

    private const char Separator = '\u001f';

    /// <summary>Starts the child with redirected output; the caller reads and ends it.</summary>
    public static Process Start(int sleepMilliseconds, params string[] args)
    {
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        string assembly = typeof(ChildProcess).Assembly.Location;
        bool viaDotnet = Path.GetFileNameWithoutExtension(host) == "dotnet";
        ProcessStartInfo start = new(viaDotnet ? host : Path.ChangeExtension(assembly, null))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (viaDotnet)
        {
            start.ArgumentList.Add(assembly);
        }

        start.Environment["DOTNET_STARTUP_HOOKS"] = assembly;
        start.Environment[ArgumentsVariable] = string.Join(Separator, args);
        start.Environment[SleepVariable] = sleepMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Process.Start(start) ?? throw new InvalidOperationException("the child did not start");
    }

    /// <summary>The child's body: runs the CLI with the arguments it was given and returns its exit code.</summary>
    internal static int RunAsChild(string args)
    {
        ToyStudy.SleepMilliseconds = int.Parse(Environment.GetEnvironmentVariable(SleepVariable) ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        int code = SweepApp.RunAsync(args.Split(Separator), new SweepAppOptions
        {
            Studies = [ToyStudy.Definition, RidgeStudy.Definition],
            Interactive = false,
            HandleSignals = true,
        }).GetAwaiter().GetResult();
        Console.Out.Flush();
        return code;
    }
}
