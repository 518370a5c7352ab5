using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Sweep.Storage;

/// <summary>Where a run happened: stored with every run so results can be traced and compared.</summary>
/// <param name="Machine">The host name.</param>
/// <param name="OperatingSystem">The OS description.</param>
/// <param name="DotNet">The .NET runtime description.</param>
/// <param name="Cpu">The CPU model.</param>
/// <param name="Cores">Logical processors.</param>
/// <param name="GitCommit">The working directory's git commit (with <c>-dirty</c> if modified), or null.</param>
/// <param name="SweepVersion">Sweep's informational version.</param>
public sealed record RunEnvironment(string Machine, string OperatingSystem, string DotNet, string Cpu, int Cores, string? GitCommit, string SweepVersion)
{
    /// <summary>Reads the current process's environment.</summary>
    /// <returns>The environment.</returns>
    public static RunEnvironment Capture() => new(
        Environment.MachineName,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        CpuModel(),
        Environment.ProcessorCount,
        ReadGitCommit(Environment.CurrentDirectory),
        SweepVersionText());

    /// <summary>Sweep's informational version.</summary>
    /// <returns>The version text.</returns>
    public static string SweepVersionText()
        => typeof(RunEnvironment).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(RunEnvironment).Assembly.GetName().Version?.ToString()
            ?? "unknown";

    private static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                foreach (string line in File.ReadLines("/proc/cpuinfo"))
                {
                    if (line.StartsWith("model name", StringComparison.Ordinal))
                    {
                        return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                    }
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string? ReadGitCommit(string directory)
    {
        try
        {
            string? commit = RunGit(directory, "rev-parse HEAD");
            if (commit is null)
            {
                return null;
            }

            string? status = RunGit(directory, "status --porcelain --untracked-files=no");
            return string.IsNullOrEmpty(status) ? commit : commit + "-dirty";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string? RunGit(string directory, string arguments)
    {
        ProcessStartInfo start = new("git", arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process? process = Process.Start(start);
        if (process is null)
        {
            return null;
        }

        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(5_000))
        {
            process.Kill();
            return null;
        }

        return process.ExitCode == 0 ? output.Trim() : null;
    }
}
