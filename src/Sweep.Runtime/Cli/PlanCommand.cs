using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Sweep.Reporting;
using Sweep.Running;
using Sweep.Storage;
using Sweep.Training;

namespace Sweep.Cli;

/// <summary><c>plan</c>: the grid after overrides and constraints, with each cell's estimated cost, before anything runs.</summary>
internal static class PlanCommand
{
    public static Command Create(CliEnvironment env)
    {
        Argument<string> study = CommonOptions.Study("The study to plan.");
        Option<string[]> set = CommonOptions.Set();
        Option<string?> seeds = CommonOptions.Seeds();
        Option<string?> shard = CommonOptions.Shard();
        Option<int?> maxTrials = CommonOptions.MaxTrials();
        Option<string> outDir = CommonOptions.Out();
        Command command = new("plan", "Show the grid after overrides and constraints, the trials already stored, and the estimated cost per cell.")
        {
            study, set, seeds, shard, maxTrials, outDir,
        };
        command.SetAction(result =>
        {
            StudyDefinition definition = env.FindStudy(result.GetValue(study)!);
            GridOptions gridOptions = CommonOptions.Grid(result.GetValue(set), result.GetValue(seeds));
            ShardSpec? shardSpec = CommonOptions.ParseShard(result.GetValue(shard));
            RunOptions options = new() { Shard = shardSpec, MaxTrials = CommonOptions.CheckMaxTrials(result.GetValue(maxTrials)) };
            TrialGrid grid = RunCommand.Grid(definition, gridOptions);

            string path = CommonOptions.StorePath(result.GetValue(outDir)!, shardSpec);
            IReadOnlyDictionary<string, TrialStatus> stored = new Dictionary<string, TrialStatus>();
            if (File.Exists(path))
            {
                using ResultStore store = ResultStore.Open(path);
                stored = store.TrialStates(definition.Descriptor.Name);
            }

            using ITrialEngine engine = env.CreateEngine("auto");
            SweepPlan plan = SweepPlanner.Plan(grid, stored, options, engine.EstimateCost);
            Write(env, plan, grid);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(CliEnvironment env, SweepPlan plan, TrialGrid grid)
    {
        StudyDescriptor d = plan.Study;
        string dims = grid.Axes.Count == 0 ? "no axes" : string.Join(" × ", grid.Axes.Select(a => $"{a.Axis.Name}({a.Values.Count})"));
        env.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{d.Name}: {dims} × {grid.Seeds.Count} seeds = {grid.CandidateCount} candidates, {plan.Trials.Count} trials in this plan")));
        if (d.HasConstraint)
        {
            env.Console.MarkupLine("[grey]constraints applied[/]");
        }

        double total = plan.Cells.Sum(c => c.CostPerTrial * c.Trials);
        Table table = new Table().Border(TableBorder.Rounded).AddColumns("cell", "trials", "done", $"cost/trial ({plan.CostUnit})", "share");
        foreach (PlannedCell cell in plan.Cells)
        {
            double share = total > 0 ? cell.CostPerTrial * cell.Trials / total : 0;
            table.AddRow(
                Markup.Escape(cell.Label),
                cell.Trials.ToString(CultureInfo.InvariantCulture),
                cell.Done.ToString(CultureInfo.InvariantCulture),
                NumberFormat.Short(cell.CostPerTrial),
                share.ToString("P1", CultureInfo.InvariantCulture));
        }

        env.Console.Write(table);
        env.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"pending: {plan.Pending.Count} trials, {NumberFormat.Short(plan.PendingCost)} {plan.CostUnit}; already done: {plan.AlreadyDone}; failed before (will rerun): {plan.PreviouslyFailed}")));
    }
}
