using System.CommandLine;
using Sweep.Storage;

namespace Sweep.Cli;

/// <summary><c>merge</c>: combines shard stores into one, refusing stores whose studies differ.</summary>
internal static class MergeCommand
{
    public static Command Create(CliEnvironment env)
    {
        Argument<string[]> inputs = new("stores") { Description = "The .db files to merge (e.g. results/shard-*.db).", Arity = ArgumentArity.OneOrMore };
        Option<string> output = new("--output", "-o") { Description = "The merged store (created if absent).", Required = true, HelpName = "FILE" };
        Command command = new("merge", "Merge result stores (one per shard of a Slurm job array) into one; done trials are never duplicated.")
        {
            inputs, output,
        };
        command.SetAction(result =>
        {
            try
            {
                MergeResult merged = StoreMerger.Merge(result.GetValue(inputs)!, result.GetValue(output)!);
                env.Out.WriteLine(
                    $"merged {string.Join(", ", merged.Studies)} into {result.GetValue(output)}: {merged.TrialsAdded} trials added, " +
                    $"{merged.FailuresReplaced} failures replaced, {merged.DuplicatesSkipped} already present.");
                return ExitCodes.Success;
            }
            catch (StoreException e)
            {
                throw new CliException(e.Message, e);
            }
        });
        return command;
    }
}
