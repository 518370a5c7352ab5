using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Sweep.Cli;

/// <summary>
/// <c>slurm</c>: writes a study's Slurm job array and its dependent merge-and-report job (see <see cref="SlurmScripts"/>)
/// into <c>DIR/slurm/</c>, and with <c>--submit</c> submits both.
/// </summary>
internal static class SlurmCommand
{
    public static Command Create(CliEnvironment env)
    {
        Argument<string> study = CommonOptions.Study("The study to run on Slurm.");
        Option<string[]> set = CommonOptions.Set();
        Option<string?> seeds = CommonOptions.Seeds();
        Option<string> outDir = CommonOptions.Out();
        Option<int> shards = new("--shards") { Description = "Array tasks, one shard of the grid each (default 8, at most one per trial).", DefaultValueFactory = _ => 8, HelpName = "N" };
        Option<int> cpus = new("--cpus-per-task") { Description = "Cores per task; the run uses them all (SLURM_CPUS_PER_TASK).", DefaultValueFactory = _ => 2, HelpName = "C" };
        Option<string?> memory = new("--mem") { Description = "Memory per task, in Slurm's syntax (4G).", HelpName = "SIZE" };
        Option<string> time = new("--time") { Description = "Time limit per task, in Slurm's syntax (default 04:00:00).", DefaultValueFactory = _ => "04:00:00", HelpName = "LIMIT" };
        Option<string?> partition = new("--partition") { Description = "The partition (default: the cluster's).", HelpName = "NAME" };
        Option<string?> account = new("--account") { Description = "The account to charge.", HelpName = "NAME" };
        Option<string?> backend = new("--backend") { Description = "The tasks' backend (default: auto on the node).", HelpName = "NAME" };
        Option<bool> submit = new("--submit") { Description = "Submit the array, then the merge job to start when every task has ended (sbatch)." };
        Command command = new("slurm", "Write a Slurm job array for a study (one shard per task, requeued on preemption) and a job that merges the shards and writes the report; --submit submits both.")
        {
            study, set, seeds, outDir, shards, cpus, memory, time, partition, account, backend, submit,
        };
        command.SetAction(result =>
        {
            StudyDefinition definition = env.FindStudy(result.GetValue(study)!);
            string[] sets = result.GetValue(set) ?? [];
            string? seedText = result.GetValue(seeds);
            TrialGrid grid = RunCommand.Grid(definition, CommonOptions.Grid(sets, seedText));
            RunCommand.RequireTrials(grid);
            int trials = grid.Count();
            int tasks = result.GetValue(shards);
            if (tasks < 1)
            {
                throw new CliException($"--shards: {tasks} is not a positive number of array tasks.");
            }

            int cores = result.GetValue(cpus);
            if (cores < 1)
            {
                throw new CliException($"--cpus-per-task: {cores} is not a positive number of cores.");
            }

            tasks = Math.Min(tasks, trials);
            List<string> runArguments = [.. sets.SelectMany(s => (string[])["--set", SlurmScripts.Quote(s)])];
            if (seedText is not null)
            {
                runArguments.AddRange(["--seeds", SlurmScripts.Quote(seedText)]);
            }

            if (result.GetValue(backend) is string name)
            {
                runArguments.AddRange(["--backend", SlurmScripts.Quote(name)]);
            }

            string folder = Path.GetFullPath(result.GetValue(outDir)!);
            SlurmJob job = new(
                definition.Descriptor.Name,
                $"dotnet {SlurmScripts.Quote(Assembly.GetEntryAssembly()?.Location ?? throw new CliException("slurm: this program has no entry assembly to run from a job."))}",
                Directory.GetCurrentDirectory(),
                folder,
                tasks,
                runArguments,
                cores,
                result.GetValue(memory),
                result.GetValue(time)!,
                result.GetValue(partition),
                result.GetValue(account));
            string scripts = Path.Combine(folder, "slurm");
            string array = Path.Combine(scripts, $"{job.Study}-array.sbatch"), merge = Path.Combine(scripts, $"{job.Study}-merge.sbatch");
            try
            {
                Directory.CreateDirectory(scripts);
                File.WriteAllText(array, SlurmScripts.Array(job));
                File.WriteAllText(merge, SlurmScripts.Merge(job));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"--out: cannot write the job scripts into {scripts}: {e.Message}", e);
            }

            env.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{job.Study}: {trials} trials in {tasks} array tasks of {cores} cores"));
            env.Out.WriteLine($"wrote {array}");
            env.Out.WriteLine($"wrote {merge}");
            if (!result.GetValue(submit))
            {
                env.Out.WriteLine($"submit: id=$(sbatch --parsable {SlurmScripts.Quote(array)}) && sbatch --dependency=afterany:${{id%%;*}} {SlurmScripts.Quote(merge)}");
                return ExitCodes.Success;
            }

            string arrayId = Sbatch(array);
            string mergeId = Sbatch(merge, $"--dependency=afterany:{arrayId}");
            env.Out.WriteLine($"submitted array job {arrayId} and merge job {mergeId} (after every task has ended)");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Submits a script with <c>sbatch --parsable</c> and returns the job id.</summary>
    private static string Sbatch(string script, string? dependency = null)
    {
        ProcessStartInfo start = new("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--parsable");
        if (dependency is not null)
        {
            start.ArgumentList.Add(dependency);
        }

        start.ArgumentList.Add(script);
        try
        {
            using Process process = Process.Start(start) ?? throw new CliException("--submit: sbatch did not start.");
            string output = process.StandardOutput.ReadToEnd(), error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0
                ? output.Trim().Split(';')[0]
                : throw new CliException($"--submit: sbatch {Path.GetFileName(script)} failed ({process.ExitCode}): {error.Trim()}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CliException($"--submit: sbatch is not on the PATH here ({e.Message}); the scripts are written, submit them where Slurm is.", e);
        }
    }
}
