using System.CommandLine;

namespace Sweep.Cli;

/// <summary>
/// In the <c>sweep</c> tool, a command that needs a study's code (<c>list</c>, <c>plan</c>, <c>run</c>): it takes any
/// arguments and says where to run it instead, as a usage error.
/// </summary>
internal static class StudyCodeCommand
{
    public static Command Create(string name, string description)
    {
        Argument<string[]> rest = new("arguments") { Arity = ArgumentArity.ZeroOrMore };
        Command command = new(name, description) { rest };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(int (_) => throw new CliException(
            $"{name}: the sweep tool holds no study code; in your study's own project use 'dotnet run -- {name} …' instead " +
            "('dotnet new sweep-study' makes such a project). The tool reads what studies store: status, export, report, fit, merge, devices."));
        return command;
    }
}
