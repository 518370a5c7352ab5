using System.Globalization;
using System.Text;

namespace Sweep.Cli;

/// <summary>What the <c>slurm</c> command's job scripts run, and with which resources.</summary>
/// <param name="Study">The study.</param>
/// <param name="Program">How to start this program (<c>dotnet /path/Study.dll</c>), absolute.</param>
/// <param name="WorkingDirectory">Where the jobs start (relative paths in the run's arguments are relative to it).</param>
/// <param name="Out">The results folder, absolute.</param>
/// <param name="Shards">Array tasks: one shard each.</param>
/// <param name="RunArguments">The run's own options (overrides, seeds, backend), already quoted for the shell.</param>
/// <param name="CpusPerTask">Cores per task.</param>
/// <param name="Memory">Memory per task (Slurm's syntax), or null.</param>
/// <param name="Time">Time limit per task (Slurm's syntax).</param>
/// <param name="Partition">The partition, or null for the default.</param>
/// <param name="Account">The account, or null.</param>
internal sealed record SlurmJob(
    string Study,
    string Program,
    string WorkingDirectory,
    string Out,
    int Shards,
    IReadOnlyList<string> RunArguments,
    int CpusPerTask,
    string? Memory,
    string Time,
    string? Partition,
    string? Account);

/// <summary>
/// The two job scripts of a study on Slurm: a job array whose task i runs shard i/n into its own store (requeued on
/// preemption or node failure, and sent SIGTERM two minutes before its time limit, which a run treats as Ctrl+C: the
/// trials in flight finish and are stored, and the requeued task resumes the rest), and a job that, once every task
/// has ended, merges the shards into <c>sweep.db</c> and writes the report.
/// </summary>
internal static class SlurmScripts
{
    /// <summary>Seconds before the time limit at which Slurm signals a task to stop starting trials.</summary>
    public const int SignalSeconds = 120;

    public static string Array(SlurmJob job)
    {
        StringBuilder script = Header(job, $"sweep-{job.Study}", job.CpusPerTask, job.Memory, job.Time);
        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --array=0-{job.Shards - 1}\n");
        script.Append("#SBATCH --requeue\n");
        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --signal=B:TERM@{SignalSeconds}\n");
        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={Quote(Path.Combine(job.Out, "slurm", "%x-%A_%a.out"))}\n");
        script.Append("#SBATCH --open-mode=append\n\n");
        script.Append("# Task i runs shard i of the grid into its own store; a requeued task resumes where it stopped.\n");
        script.Append(CultureInfo.InvariantCulture, $"cd {Quote(job.WorkingDirectory)}\n");
        script.Append(CultureInfo.InvariantCulture,
            $"exec {job.Program} run {Quote(job.Study)} --shard \"$SLURM_ARRAY_TASK_ID/{job.Shards}\" --out {Quote(job.Out)} --no-report");
        foreach (string argument in job.RunArguments)
        {
            script.Append(' ').Append(argument);
        }

        return script.Append('\n').ToString();
    }

    public static string Merge(SlurmJob job)
    {
        StringBuilder script = Header(job, $"sweep-{job.Study}-merge", 1, null, "00:30:00");
        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={Quote(Path.Combine(job.Out, "slurm", "%x-%j.out"))}\n\n");
        script.Append("# After every array task: merge the shards, then write the report (its laws and figures).\n");
        script.Append("set -e\n");
        script.Append(CultureInfo.InvariantCulture, $"cd {Quote(job.WorkingDirectory)}\n");
        script.Append(CultureInfo.InvariantCulture,
            $"{job.Program} merge {Quote(job.Out)}/shard-*-of-{job.Shards}.db -o {Quote(Path.Combine(job.Out, "sweep.db"))}\n");
        script.Append(CultureInfo.InvariantCulture, $"exec {job.Program} report {Quote(job.Study)} --out {Quote(job.Out)}\n");
        return script.ToString();
    }

    /// <summary>A word for a POSIX shell: single-quoted unless it is plainly safe.</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-=,:+@%".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static StringBuilder Header(SlurmJob job, string name, int cpus, string? memory, string time)
    {
        StringBuilder script = new("#!/bin/bash\n");
        script.Append(CultureInfo.InvariantCulture, $"# Written by '{job.Program} slurm {job.Study}'.\n");
        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name={name}\n");
        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={cpus}\n");
        if (memory is not null)
        {
            script.Append(CultureInfo.InvariantCulture, $"#SBATCH --mem={memory}\n");
        }

        script.Append(CultureInfo.InvariantCulture, $"#SBATCH --time={time}\n");
        if (job.Partition is not null)
        {
            script.Append(CultureInfo.InvariantCulture, $"#SBATCH --partition={job.Partition}\n");
        }

        if (job.Account is not null)
        {
            script.Append(CultureInfo.InvariantCulture, $"#SBATCH --account={job.Account}\n");
        }

        return script;
    }
}
