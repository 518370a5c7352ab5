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
        Option<bool> keepStale = CommonOptions.KeepStale();
        Command command = new("plan", "Show the grid after overrides and constraints, the trials already stored (and which are stale), and the estimated cost per cell.")
        {
            study, set, seeds, shard, maxTrials, outDir, keepStale,
        };
        command.SetAction(result =>
        {
            StudyDefinition definition = env.FindStudy(result.GetValue(study)!);
            GridOptions gridOptions = CommonOptions.Grid(result.GetValue(set), result.GetValue(seeds));
            ShardSpec? shardSpec = CommonOptions.ParseShard(result.GetValue(shard));
            RunOptions options = new() { Shard = shardSpec, MaxTrials = CommonOptions.CheckMaxTrials(result.GetValue(maxTrials)), KeepStale = result.GetValue(keepStale) };
            TrialGrid grid = RunCommand.Grid(definition, gridOptions);
            RunCommand.RequireTrials(grid);

            string path = CommonOptions.StorePath(result.GetValue(outDir)!, shardSpec);
            IReadOnlyDictionary<string, StoredState> stored = new Dictionary<string, StoredState>();
            if (File.Exists(path))
            {
                using ResultStore store = ResultStore.Open(path);
                stored = store.TrialStates(definition.Descriptor.Name);
            }

            using ITrialEngine engine = env.CreateEngine("auto");
            SweepPlan plan;
            try
            {
                plan = SweepPlanner.Plan(grid, stored, options, engine.EstimateCost);
            }
            catch (GridException e)
            {
                throw CommonOptions.GridError(e, gridOptions);
            }

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
        bool anyStale = plan.Cells.Any(c => c.Stale > 0);
        Table table = new Table().Border(TableBorder.Rounded).AddColumns("cell", "trials", "done");
        if (anyStale)
        {
            table.AddColumn("stale");
        }

        table.AddColumns($"cost/trial ({plan.CostUnit})", "share");
        foreach (PlannedCell cell in plan.Cells)
        {
            double share = total > 0 ? cell.CostPerTrial * cell.Trials / total : 0;
            List<string> row = [Markup.Escape(cell.Label), cell.Trials.ToString(CultureInfo.InvariantCulture), cell.Done.ToString(CultureInfo.InvariantCulture)];
            if (anyStale)
            {
                row.Add(cell.Stale > 0 ? $"[yellow]{cell.Stale}[/]" : "0");
            }

            row.Add(NumberFormat.Short(cell.CostPerTrial));
            row.Add(share.ToString("P1", CultureInfo.InvariantCulture));
            table.AddRow(row.ToArray());
        }

        env.Console.Write(table);
        if (StaleGroup.Summarize(plan.StaleGroups) is string stale)
        {
            env.Out.WriteLine($"{stale}: {(plan.KeepStale ? "kept as they are (--keep-stale)" : "they will run again (--keep-stale keeps their results)")}.");
        }

        env.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"pending: {plan.Pending.Count} trials, {NumberFormat.Short(plan.PendingCost)} {plan.CostUnit}; already done: {plan.AlreadyDone}; stale: {plan.Stale.Count}; failed before (will rerun): {plan.PreviouslyFailed}")));
    }
}
