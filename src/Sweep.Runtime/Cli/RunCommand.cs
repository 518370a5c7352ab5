using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Sweep.Reporting;
using Sweep.Running;
using Sweep.Storage;
using Sweep.Training;

namespace Sweep.Cli;

/// <summary><c>run</c>: runs a study's pending trials into the results folder, then prints a summary and writes a report.</summary>
internal static class RunCommand
{
    public static Command Create(CliEnvironment env)
    {
        Argument<string> study = CommonOptions.Study("The study to run, or 'all'.");
        Option<string[]> set = CommonOptions.Set();
        Option<string?> seeds = CommonOptions.Seeds();
        Option<int?> maxTrials = CommonOptions.MaxTrials();
        Option<string> outDir = CommonOptions.Out();
        Option<string> backend = new("--backend")
        {
            Description = "Where trials compute: auto (CUDA, then an OpenCL GPU, then cpu), cpu, ilgpu-cpu (a slow simulator, for checking), cuda or opencl; see 'devices'.",
            DefaultValueFactory = _ => "auto",
            HelpName = "NAME",
        };
        Option<string?> shard = CommonOptions.Shard();
        Option<int?> parallel = new("--parallel")
        {
            Description = "Trials run side by side, one thread each (default: one per core).",
            HelpName = "N",
        };
        Option<int?> maxBatch = new("--max-batch")
        {
            Description = "The most trials trained together in one batch (same shapes, other seeds or learning rates); 1 turns batching off. Default: the backend's limit (16 on the CPU, 64 on a GPU).",
            HelpName = "N",
        };
        Option<bool> noReport = new("--no-report") { Description = "Skip writing the report after the run." };
        Option<string?> metric = CommonOptions.Metric();
        Option<bool> keepStale = CommonOptions.KeepStale();
        Command command = new("run", "Run a study's pending trials (done ones are skipped; failed and stale ones run again) and store every result.")
        {
            study, set, seeds, maxTrials, outDir, backend, shard, parallel, maxBatch, noReport, metric, keepStale,
        };
        command.SetAction(async (result, cancellation) =>
        {
            string name = result.GetValue(study)!;
            bool all = name == "all";
            IReadOnlyList<StudyDefinition> studies = all ? env.Studies : [env.FindStudy(name)];
            string[]? sets = result.GetValue(set);
            if (all && sets is { Length: > 0 })
            {
                throw new CliException("--set: axis overrides need a single study, not 'all'.");
            }

            if (studies.Count == 0)
            {
                throw new CliException("run all: this program declares no [Study] classes.");
            }

            GridOptions gridOptions = CommonOptions.Grid(sets, result.GetValue(seeds));
            ShardSpec? shardSpec = CommonOptions.ParseShard(result.GetValue(shard));
            int parallelism = result.GetValue(parallel) ?? RunOptions.DefaultParallelism();
            if (parallelism < 1)
            {
                throw new CliException($"--parallel: {parallelism} is not a positive number of trials.");
            }

            int? batchLimit = result.GetValue(maxBatch);
            if (batchLimit < 1)
            {
                throw new CliException($"--max-batch: {batchLimit} is not a positive number of trials.");
            }

            RunOptions options = new()
            {
                MaxTrials = CommonOptions.CheckMaxTrials(result.GetValue(maxTrials)),
                Shard = shardSpec,
                Parallelism = parallelism,
                MaxBatch = batchLimit,
                KeepStale = result.GetValue(keepStale),
                CommandLine = result.CommandResult.Command.Name + " " + string.Join(" ", result.Tokens.Select(t => t.Value)),
            };
            List<(StudyDefinition Definition, TrialGrid Grid)> grids = studies.Select(s => (s, Grid(s, gridOptions))).ToList();
            foreach ((_, TrialGrid grid) in grids)
            {
                RequireTrials(grid);
            }

            string outDirectory = result.GetValue(outDir)!;

            using ITrialEngine engine = env.CreateEngine(result.GetValue(backend)!);
            using ResultStore store = ResultStore.Open(CommonOptions.StorePath(outDirectory, shardSpec));
            env.Console.MarkupLine(Markup.Escape($"backend: {engine.Description}"));
            if (engine.DeviceDescription is string device)
            {
                env.Console.MarkupLine(Markup.Escape($"device: {device}"));
            }

            env.Console.MarkupLine(Markup.Escape($"results: {store.Path}"));
            using StopSignals signals = new(env.Options.HandleSignals, CancellationTokenSource.CreateLinkedTokenSource(cancellation, env.Options.Stopping).Token);

            int exitCode = ExitCodes.Success;
            foreach ((StudyDefinition definition, TrialGrid grid) in grids)
            {
                if (signals.Stopping.IsCancellationRequested)
                {
                    exitCode = ExitCodes.Interrupted;
                    break;
                }

                SweepOutcome outcome = await RunOneAsync(env, store, engine, grid, options, signals).ConfigureAwait(false);
                Explain(env, outcome);
                StudySummary summary = ReadSummary(store, definition.Descriptor.Name, result.GetValue(metric));
                Summarize(env, summary, definition.Descriptor);
                if (!result.GetValue(noReport))
                {
                    Analysis.LawResults? laws = LawTable.FitAndPrint(env, summary, definition);
                    string report = ReportCommand.WriteReport(summary, outDirectory, laws);
                    env.Console.MarkupLine(Markup.Escape($"report: {report}"));
                }

                if (outcome.Cancelled)
                {
                    exitCode = ExitCodes.Interrupted;
                }
                else if (outcome.Failed > 0 && exitCode == ExitCodes.Success)
                {
                    exitCode = ExitCodes.TrialsFailed;
                }
            }

            return exitCode;
        });
        return command;
    }

    /// <summary>Reads a study's summary, once, for the console table, the laws and the report; an unrecorded <c>--metric</c> is a usage error.</summary>
    internal static StudySummary ReadSummary(ResultStore store, string study, string? metric)
    {
        try
        {
            return StudySummary.Read(store, study, metric);
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message, e);
        }
    }

    internal static TrialGrid Grid(StudyDefinition definition, GridOptions options)
    {
        try
        {
            return definition.CreateGrid(options);
        }
        catch (GridException e)
        {
            throw CommonOptions.GridError(e, options);
        }
    }

    /// <summary>A grid whose constraints admit none of its points is a usage error, found before anything is opened or written.</summary>
    internal static void RequireTrials(TrialGrid grid)
    {
        if (grid.Study.HasConstraint && !grid.Any())
        {
            throw new CliException(
                $"the constraints of study '{grid.Study.Name}' exclude every one of the {grid.PointCount} grid points, so there is nothing to run; " +
                "loosen the constraint or choose other axis values (--set).");
        }
    }

    /// <summary>What the progress lines do not say: trials another process ran, stale trials outside this run's grid.</summary>
    private static void Explain(CliEnvironment env, SweepOutcome outcome)
    {
        if (outcome.RunElsewhere > 0)
        {
            env.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{outcome.RunElsewhere} pending trial(s) were run, or are running, by another process sharing this results folder."));
        }

        if (outcome.StaleOutsidePlan > 0)
        {
            env.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{outcome.StaleOutsidePlan} stored trial(s) outside this run's grid are stale too: they are left out of the results until a run covers them (or keeps them with --keep-stale)."));
        }
    }

    private static async Task<SweepOutcome> RunOneAsync(CliEnvironment env, ResultStore store, ITrialEngine engine, TrialGrid grid, RunOptions options, StopSignals signals)
    {
        if (env.Interactive)
        {
            LiveProgress live = new(env.Console);
            SweepRunner runner = new(store, engine, live);
            return await live.RunAsync(() => runner.RunAsync(grid, options, signals.Stopping, signals.Abort)).ConfigureAwait(false);
        }

        SweepRunner plain = new(store, engine, new PlainProgress(env.Out));
        return await plain.RunAsync(grid, options, signals.Stopping, signals.Abort).ConfigureAwait(false);
    }

    /// <summary>Prints the headline metric per cell and evaluation (mean ± sd over seeds), or a collapse chain's trajectories.</summary>
    internal static void Summarize(CliEnvironment env, StudySummary summary, StudyDescriptor study)
    {
        IReadOnlyList<CellSummary> cells = summary.Cells;
        string? metric = summary.Headline;
        if (CollapseSection.Print(env.Console, summary.Trials, study, summary.RequestedMetric))
        {
            return;
        }

        if (metric is null)
        {
            return;
        }

        string[] evaluations = cells.Select(c => c.Evaluation).Distinct(StringComparer.Ordinal).ToArray();
        Table table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"{study.Name}: mean {metric} ± sd over seeds"));
        foreach (AxisDescriptor axis in study.Axes)
        {
            table.AddColumn(new TableColumn(Markup.Escape(axis.Name)).RightAligned());
        }

        table.AddColumn(new TableColumn("seeds").RightAligned());
        foreach (string evaluation in evaluations)
        {
            table.AddColumn(new TableColumn(Markup.Escape(evaluation)).RightAligned());
        }

        foreach (IGrouping<string, CellSummary> cell in cells.GroupBy(c => c.Label, StringComparer.Ordinal))
        {
            List<string> row = [.. cell.First().Axes.Select(a => Markup.Escape(a.Value.Text)), cell.Max(c => c.Seeds).ToString(CultureInfo.InvariantCulture)];
            foreach (string evaluation in evaluations)
            {
                CellSummary? match = cell.FirstOrDefault(c => c.Evaluation == evaluation);
                row.Add(match is not null && match.Metrics.TryGetValue(metric, out MetricStat stat) ? Markup.Escape(NumberFormat.MeanSd(stat)) : "–");
            }

            table.AddRow(row.ToArray());
        }

        env.Console.Write(table);
    }
}
