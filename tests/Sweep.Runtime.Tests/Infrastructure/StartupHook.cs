using Sweep.Runtime.Tests.Infrastructure;

#pragma warning disable CA1050 // The runtime looks the startup hook up by this exact name in the global namespace.

/// <summary>
/// The .NET startup hook of a child process started by <see cref="ChildProcess"/>: runs before <c>Main</c> and, when
/// the child variables are set, runs the CLI and exits. Ordinary test runs never set <c>DOTNET_STARTUP_HOOKS</c>.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(ChildProcess.ArgumentsVariable) is string args)
        {
            Environment.Exit(ChildProcess.RunAsChild(args));
        }
    }
}
