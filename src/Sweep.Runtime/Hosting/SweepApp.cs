using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Microsoft.Data.Sqlite;
using Sweep.Cli;
using Sweep.Storage;

namespace Sweep.Hosting;

/// <summary>
/// The command-line host any program gets with one call: <c>return await SweepApp.RunAsync(args);</c> gives it
/// <c>list</c>, <c>plan</c>, <c>run</c>, <c>status</c>, <c>export</c>, <c>report</c> and <c>merge</c> over the
/// studies it declares. Mistakes print one line naming the flag or value and exit with code 2.
/// </summary>
public static class SweepApp
{
    /// <summary>Runs the command line over every registered study.</summary>
    /// <param name="args">The program's arguments.</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, new SweepAppOptions());

    /// <summary>Runs the command line with explicit writers, studies and engines (tests, embedding).</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="options">Where to write and what to run.</param>
    /// <returns>The exit code (see <see cref="ExitCodes"/>).</returns>
    public static async Task<int> RunAsync(string[] args, SweepAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(options);
        CliEnvironment env = new(options);
        RootCommand root = new(options.Tool
            ? "sweep: fit scaling laws to CSV files and read, merge, export and report Sweep result stores. Studies run from their own program."
            : "Sweep: declare scaling studies in C#, run them, store every trial, and report.")
        {
            options.Tool ? StudyCodeCommand.Create("list", "List the studies of a program (run it in the study's own program).") : ListCommand.Create(env),
            options.Tool ? StudyCodeCommand.Create("plan", "Plan a study's run (run it in the study's own program).") : PlanCommand.Create(env),
            options.Tool ? StudyCodeCommand.Create("run", "Run a study (run it in the study's own program).") : RunCommand.Create(env),
            StatusCommand.Create(env),
            ExportCommand.Create(env),
            FitCommand.Create(env),
            RobustnessCommand.Create(env),
            ReportCommand.Create(env),
            MergeCommand.Create(env),
            options.Tool ? StudyCodeCommand.Create("slurm", "Write a study's Slurm job array (run it in the study's own program).") : SlurmCommand.Create(env),
            DevicesCommand.Create(env),
        };

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            // An unknown command also yields "Required command was not provided" first; show the error that names the token.
            ParseError shown = parsed.Errors.FirstOrDefault(e => parsed.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal)))
                ?? parsed.Errors[0];
            options.Error.WriteLine($"error: {shown.Message}");
            options.Error.WriteLine($"Run '{CommandPath(parsed)} --help' for usage.");
            return ExitCodes.UsageError;
        }

        try
        {
            InvocationConfiguration invocation = new()
            {
                Output = options.Output,
                Error = options.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            };
            return await parsed.InvokeAsync(invocation).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            options.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.UsageError;
        }
        catch (StoreException e)
        {
            options.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.UsageError;
        }
        catch (SqliteException e)
        {
            options.Error.WriteLine($"error: the result store failed: {e.Message}");
            return ExitCodes.UsageError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file or folder the command was pointed at cannot be read or written; the message names it.
            options.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.UsageError;
        }
    }

    private static string CommandPath(ParseResult parsed)
    {
        string program = Path.GetFileNameWithoutExtension(Environment.GetCommandLineArgs()[0]);
        string command = parsed.CommandResult.Command is RootCommand ? string.Empty : " " + parsed.CommandResult.Command.Name;
        return program + command;
    }
}
