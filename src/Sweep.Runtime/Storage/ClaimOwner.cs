using System.Diagnostics;
using System.Globalization;

namespace Sweep.Storage;

/// <summary>
/// Who claims trials in a shared store: this process (host, pid and start time, so a reused pid is not mistaken for
/// it) and one runner in it (a process may run several).
/// </summary>
/// <param name="Token">Unique to the runner.</param>
/// <param name="Host">The machine's name.</param>
/// <param name="Pid">The process id.</param>
/// <param name="ProcessStarted">The process's start time (invariant round-trip text), or null when it cannot be read.</param>
public sealed record ClaimOwner(string Token, string Host, int Pid, string? ProcessStarted)
{
    /// <summary>A new owner for a runner of this process.</summary>
    /// <returns>The owner.</returns>
    public static ClaimOwner ForThisProcess()
    {
        using Process self = Process.GetCurrentProcess();
        return new ClaimOwner(Guid.NewGuid().ToString("N"), Environment.MachineName, Environment.ProcessId, StartTime(self));
    }

    /// <summary>
    /// How far apart two readings of one process's start time may be. .NET derives a process's start time from the
    /// boot time, which each process computes from the uptime when it asks, so two processes reading the same start
    /// time differ by milliseconds; a reused pid starts seconds or more later.
    /// </summary>
    private static readonly TimeSpan s_startTolerance = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether the process that made a claim on this host is gone: no process with its pid, or one that started at
    /// another time (the pid was reused). A claim from another host is never judged here (its lease decides).
    /// </summary>
    /// <param name="host">The claim's host.</param>
    /// <param name="pid">Its pid.</param>
    /// <param name="processStarted">Its process's start time, or null.</param>
    /// <returns>True when the owner is known to be dead.</returns>
    public static bool IsDeadHere(string host, int pid, string? processStarted)
    {
        if (!string.Equals(host, Environment.MachineName, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            using Process process = Process.GetProcessById(pid);
            return processStarted is not null && StartTime(process) is string started
                && (Parse(started) - Parse(processStarted)).Duration() > s_startTolerance;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static DateTime Parse(string time) => DateTime.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static string? StartTime(Process process)
    {
        try
        {
            return process.StartTime.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
