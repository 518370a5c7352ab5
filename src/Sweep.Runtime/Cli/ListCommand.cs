using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Sweep.Cli;

/// <summary><c>list</c>: every study with its axes and grid size.</summary>
internal static class ListCommand
{
    public static Command Create(CliEnvironment env)
    {
        Command command = new("list", "List the studies in this program: axes, values, seeds and grid size.");
        command.SetAction(_ =>
        {
            if (env.Studies.Count == 0)
            {
                env.Out.WriteLine("No studies: declare a [Study] partial class in this program.");
                return ExitCodes.Success;
            }

            Table table = new Table().Border(TableBorder.Rounded)
                .AddColumns("study", "axes (values)", "seeds", "grid", "mode");
            foreach (StudyDefinition study in env.Studies)
            {
                StudyDescriptor d = study.Descriptor;
                string axes = d.Axes.Count == 0
                    ? "(none)"
                    : string.Join(Environment.NewLine, d.Axes.Select(a => $"{a.Name} ({a.TypeName}{(a.ZipGroup is null ? string.Empty : ", zip " + a.ZipGroup)}): {Values(a)}"));
                string constraint = d.HasConstraint ? " (before constraints)" : string.Empty;
                table.AddRow(
                    Markup.Escape(d.Name) + (d.Description is null ? string.Empty : Environment.NewLine + "[grey]" + Markup.Escape(d.Description) + "[/]"),
                    Markup.Escape(axes),
                    d.Seeds.Count.ToString(CultureInfo.InvariantCulture),
                    d.DeclaredGridSize.ToString(CultureInfo.InvariantCulture) + constraint,
                    d.RunMode == StudyRunMode.Specs ? "engine" : Markup.Escape("[Trial] method"));
            }

            env.Console.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Values(AxisDescriptor axis)
        => axis.Values.Count <= 8 ? string.Join(", ", axis.Values) : $"{string.Join(", ", axis.Values.Take(3))}, …, {axis.Values[^1]} ({axis.Values.Count})";
}
