using System.CommandLine;
using System.Globalization;
using Sweep.Analysis;
using Sweep.Kernels;
using Sweep.Reporting;

namespace Sweep.Cli;

/// <summary>
/// <c>fit</c>: fits a scaling law to a CSV file or to a study's stored results and prints the parameters with
/// bootstrap intervals, the convergence report, the compute-optimal allocation (joint laws) and an optional
/// extrapolation back-test; <c>--json</c> prints the same as JSON.
/// </summary>
internal static class FitCommand
{
    /// <summary>Replicas when <c>--bootstrap</c> is not given: enough for stable 95% percentile intervals.</summary>
    public const int DefaultReplicas = 200;

    public static Command Create(CliEnvironment env)
    {
        Option<string?> data = Text("--data", "FILE", "A CSV file (header row, comma separated), or a results store (.db) with --study.");
        Option<string?> law = Text("--law", "NAME", "chinchilla or kaplan (with --n, --d, --loss); power, power-no-e or broken (with --x, --y). With --study also one of its [Law]s by name (default: all of them).");
        Option<string?> compare = Text("--compare", "LAW1,LAW2", "Instead of one fit: rank these laws (all joint, or all single-variable) by how well each predicts a scale it was not fitted to (leave-one-scale-out log-RMSE).");
        Option<bool> isoflop = new("--isoflop") { Description = "Instead of a law: IsoFLOP analysis (Hoffmann et al.'s approach 2) of --n, --d and --loss; budgets from --compute, else 6·N·D." };
        Option<bool> peak = new("--peak") { Description = "Instead of a law: locate the double-descent peak of --y along --x, with its height over both sides; intervals resample --replicate (a study's seeds by default)." };
        Option<string?> n = Text("--n", "COL", "Parameters column N of a joint law.");
        Option<string?> d = Text("--d", "COL", "Data column D of a joint law.");
        Option<string?> loss = Text("--loss", "COL", "Loss column of a joint law.");
        Option<string?> x = Text("--x", "COL", "Scale column of a single-variable law.");
        Option<string?> y = Text("--y", "COL", "Fitted column of a single-variable law.");
        Option<string?> by = Text("--by", "COL", "Fit separately for each value of this column (and, for a single-variable law, say where the groups' curves cross).");
        Option<string?> compute = Text("--compute", "COL", "With --isoflop: the compute column (FLOPs) that defines the budgets (default 6·N·D).");
        Option<string?> replicate = Text("--replicate", "COL", "With --peak: the column naming each row's replicate (seed), resampled as a whole for intervals (default for a study: seed).");
        Option<string?> study = Text("--study", "NAME", "With a results store: the study whose done trials are fitted.");
        Option<string?> evaluation = Text("--evaluation", "NAME", "With --study: the evaluation whose metrics are fitted (default: each law's own, else the first).");
        Option<string?> dropHighest = Text("--drop-highest", "K", "Back-test: fit without the K largest scales, predict them, report log-RMSE and interval coverage.");
        Option<string?> bootstrap = Text("--bootstrap", "B", $"Bootstrap replicas for standard errors and intervals (default {DefaultReplicas}; 0 for none).");
        Option<string?> resample = Text("--resample", "cells|points", "Resample whole cells (rows with the same scales, e.g. seeds; default) or single points.");
        Option<string?> seed = Text("--seed", "S", "Bootstrap seed (the same seed gives the same intervals).");
        Option<string?> budgets = Text("--budgets", "C1,C2", "Compute budgets in FLOPs for the compute-optimal allocation of joint laws (default: from the data).");
        Option<string?> backend = Text(
            "--backend",
            "auto|cpu|ilgpu-cpu|cuda|opencl",
            "Where the objective of every start and bootstrap replica is evaluated. Default cpu: the managed SIMD loop over all cores is the fast path "
            + "without a GPU (ilgpu-cpu runs the same kernels as cuda and opencl on ILGPU's CPU simulator, for checking them, and is slow). cuda and opencl "
            + "run them on the GPU in double precision, all starts in lock-step rounds (an OpenCL device without fp64 falls back to cpu); auto takes CUDA, "
            + "then an OpenCL GPU, then cpu. The GPU path is verified against cpu but its speed is not measured yet, hence the default.");
        Option<string?> where = Text("--where", "EXPR", "Fit only the rows where this holds, e.g. \"tokens/params >= 5 and lr == 0.001\": numbers, column names (`odd name` in backticks), + - * /, < <= > >= == !=, and or not, parentheses.");
        Option<string?> weight = Text("--weight", "COL", "Weigh each row's term in the loss by this column (finite, not negative).");
        Option<string?> fitLoss = Text("--fit-loss", "huber|mse|gaussian", "The loss on log residuals: huber (default, Hoffmann et al.), mse (least squares), gaussian (likelihood with a fitted scale sigma, reported with the log-likelihood).");
        Option<string?> huberDelta = Text("--huber-delta", "DELTA", "Huber's threshold on log residuals (default 1e-3).");
        Option<string?> holdout = Text("--holdout", "EXPR", "Back-test on an explicit split: fit without the rows where this holds (same language as --where), predict them; instead of --drop-highest.");
        Option<string?> replicasFile = Text("--replicas", "FILE", "Write every bootstrap replica's parameters (natural units, one row per replica used) to this CSV file.");
        Option<string?> foldStarts = Text("--fold-starts", "K", $"With --compare or --law auto: refit each held-out fold from the full fit's best K distinct optima (default {ModelComparison.DefaultFoldStarts}); 0 refits every fold from the law's whole start grid (slower, for checking).");
        Option<bool> json = new("--json") { Description = "Print the results as JSON and nothing else." };
        Command command = new("fit", "Fit a scaling law to a CSV file or a study's results: parameters with bootstrap intervals, convergence, compute-optimal allocation, crossovers; or compare laws, run an IsoFLOP analysis, or locate a double-descent peak.")
        {
            data, law, compare, isoflop, peak, n, d, loss, x, y, by, compute, replicate, study, evaluation, dropHighest, bootstrap, resample, seed, budgets, backend,
            where, weight, fitLoss, huberDelta, holdout, replicasFile, foldStarts, json,
        };
        command.SetAction(result =>
        {
            LawFitSettings settings = Settings(result.GetValue(bootstrap), result.GetValue(resample), result.GetValue(seed), result.GetValue(dropHighest), result.GetValue(budgets));
            settings = WithLoss(settings, result.GetValue(fitLoss), result.GetValue(huberDelta));
            BackendKind kind = ParseBackend(result.GetValue(backend));
            ColumnFlags columns = new(
                result.GetValue(n), result.GetValue(d), result.GetValue(loss), result.GetValue(x), result.GetValue(y), result.GetValue(by), result.GetValue(compute), result.GetValue(replicate))
            {
                Where = Expression("--where", result.GetValue(where)),
                Weight = result.GetValue(weight),
                Holdout = Expression("--holdout", result.GetValue(holdout)),
                LossGiven = result.GetValue(fitLoss) is not null,
                DeltaGiven = result.GetValue(huberDelta) is not null,
            };
            if (columns.Holdout is not null && settings.DropHighest > 0)
            {
                throw new CliException("--holdout: choose one back-test split, --holdout or --drop-highest.");
            }
            FitMode mode = Mode(result.GetValue(law), result.GetValue(compare), result.GetValue(isoflop), result.GetValue(peak), columns, settings);
            FitInput input = FitInput.Open(env, result.GetValue(data), result.GetValue(study), result.GetValue(evaluation));
            bool asJson = result.GetValue(json);
            if (mode == FitMode.IsoFlop)
            {
                FitAnalyses.Write(env.Out, asJson, FitAnalyses.IsoFlop(input, columns.IsoFlop(), settings), AnalysisText.WriteIsoFlop);
                return ExitCodes.Success;
            }

            if (mode == FitMode.Peak)
            {
                FitAnalyses.Write(env.Out, asJson, FitAnalyses.Peak(input, columns.Peak(input.IsStore), settings), AnalysisText.WritePeak);
                return ExitCodes.Success;
            }

            using FitObjectiveBackend objectives = OpenBackend(kind);
            settings = settings with { Fit = objectives.Apply(settings.Fit) };
            if (mode == FitMode.Compare)
            {
                IReadOnlyList<ScalingLaw> laws = ParseLaws(result.GetValue(compare)!);
                GroupedAnalysis<LawComparisonResult> comparison = FitAnalyses.Compare(input, laws, Columns(laws[0], columns), settings, FoldStarts(result.GetValue(foldStarts)), env.Error) with { ObjectiveBackend = objectives.Description };
                FitAnalyses.Write(env.Out, asJson, comparison, AnalysisText.WriteComparison);
                return ExitCodes.Success;
            }

            LawResults results = string.Equals(result.GetValue(law), "auto", StringComparison.OrdinalIgnoreCase)
                ? FitAuto(input, columns, settings, FoldStarts(result.GetValue(foldStarts)), env.Error)
                : input.IsStore ? FitStudy(input, result.GetValue(law), columns, settings) : FitCsv(input, result.GetValue(law), columns, settings);
            results = results with { ObjectiveBackend = objectives.Description, Crossovers = results.Crossovers ?? GroupCrossover.FindAll(results.Fits) };
            // A law none of whose groups could be fitted is an error; one group of --by that could not (too few points,
            // say) is reported, on stderr and in the output, and the law's other groups stand.
            foreach (LawResult failed in results.Fits.Where(f => f.Error is not null))
            {
                string which = results.Fits.Count > 1 || failed.Name != failed.Law ? $"law '{failed.Name}'{(failed.GroupLabel is null ? string.Empty : $" ({failed.GroupLabel})")}: " : string.Empty;
                if (results.Fits.Where(f => f.Name == failed.Name).All(f => f.Error is not null))
                {
                    throw new CliException(which + failed.Error);
                }

                env.Error.WriteLine($"warning: {which}not fitted: {failed.Error}");
            }

            foreach (PeakResults peak in results.Peaks ?? [])
            {
                if (peak.Analysis.FirstFailure is { } unlocated)
                {
                    string group = unlocated.Group is null ? string.Empty : $" ({peak.Analysis.Columns.By}={unlocated.Group})";
                    throw new CliException($"law '{peak.Name}'{group}: {unlocated.Error}");
                }
            }

            if (result.GetValue(replicasFile) is { } replicaPath)
            {
                WriteReplicas(replicaPath, results);
            }

            if (asJson)
            {
                env.Out.WriteLine(results.ToJson());
            }
            else
            {
                results.WriteText(env.Out);
                env.Out.WriteLine();
                env.Out.WriteLine($"objective backend: {objectives.Description}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Which analysis the flags ask for; at most one of --law, --compare, --isoflop and --peak.</summary>
    private static FitMode Mode(string? law, string? compare, bool isoflop, bool peak, ColumnFlags columns, LawFitSettings settings)
    {
        string[] given = [.. new[] { (law, "--law"), (compare, "--compare"), (isoflop ? "" : null, "--isoflop"), (peak ? "" : null, "--peak") }.Where(f => f.Item1 is not null).Select(f => f.Item2)];
        if (given.Length > 1)
        {
            throw new CliException($"{given[1]}: choose one of --law, --compare, --isoflop and --peak (also given: {given[0]}).");
        }

        FitMode mode = given.FirstOrDefault() switch
        {
            "--compare" => FitMode.Compare,
            "--isoflop" => FitMode.IsoFlop,
            "--peak" => FitMode.Peak,
            _ => FitMode.Law,
        };
        if (mode != FitMode.IsoFlop && columns.Compute is not null)
        {
            throw new CliException("--compute: only with --isoflop (the budgets of an IsoFLOP analysis).");
        }

        if (mode != FitMode.Peak && columns.Replicate is not null)
        {
            throw new CliException("--replicate: only with --peak (the replicates a double-descent peak resamples).");
        }

        if ((mode is FitMode.IsoFlop or FitMode.Peak) && (settings.Budgets is not null || settings.DropHighest > 0))
        {
            throw new CliException($"{(settings.Budgets is not null ? "--budgets" : "--drop-highest")}: only with a law fit, not with {given[0]}.");
        }

        if (mode == FitMode.Compare && (settings.Budgets is not null || settings.DropHighest > 0))
        {
            throw new CliException($"{(settings.Budgets is not null ? "--budgets" : "--drop-highest")}: only with --law; --compare already holds out every scale in turn.");
        }

        return mode;
    }

    private static IReadOnlyList<ScalingLaw> ParseLaws(string list)
    {
        ScalingLaw[] laws = [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(name => ParseLaw(name, flag: "--compare"))];
        if (laws.Length < 2)
        {
            throw new CliException($"--compare: '{list}' names {laws.Length} law(s); give two or more, comma separated (for example --compare power,power-no-e,broken).");
        }

        if (laws.Select(l => l.Inputs).Distinct().Count() > 1)
        {
            throw new CliException($"--compare: '{list}' mixes joint laws (chinchilla, kaplan) with single-variable ones; compare laws of the same inputs.");
        }

        if (laws.Select(l => l.Name).Distinct().Count() < laws.Length)
        {
            throw new CliException($"--compare: '{list}' names a law twice.");
        }

        return laws;
    }

    private static int FoldStarts(string? text)
        => text is null ? ModelComparison.DefaultFoldStarts
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int k) ? k
            : throw new CliException($"--fold-starts: '{text}' is not a number of starts (0 for the whole grid).");

    /// <summary>
    /// <c>--law auto</c>: per group, rank the laws of the data's shape (chinchilla and kaplan for --n/--d/--loss;
    /// power, power-no-e and broken for --x/--y) as <c>--compare</c> does, and fit the winner.
    /// </summary>
    private static LawResults FitAuto(FitInput input, ColumnFlags flags, LawFitSettings settings, int foldStarts, TextWriter progress)
    {
        ScalingLaw[] laws = flags.N is not null || flags.D is not null || flags.Loss is not null
            ? [ScalingLaw.Chinchilla, ScalingLaw.Kaplan]
            : [ScalingLaw.Power(), ScalingLaw.Power(false), ScalingLaw.Broken];
        FitColumns columns = Columns(laws[0], flags);
        List<LawResult> fits = [];
        foreach (FitGroup group in input.Load(columns))
        {
            FitData data = group.Data!;
            ScalingLaw[] fitting = [.. laws.Where(l => data.Scales.Count > l.ParameterCount)];
            if (fitting.Length == 0)
            {
                fits.Add(LawResult.Failed("auto", laws[0], columns, null, group.Group, group.Points, $"{data.Scales.Count} distinct scales: too few to compare laws (each fold leaves one out)."));
                continue;
            }

            LawComparisonResult comparison = FitAnalyses.Compare(data, fitting, settings, foldStarts, progress);
            ScalingLaw winner = fitting.First(l => l.Name == (ModelComparison.Winner(comparison.Laws)?.Law ?? fitting[0].Name));
            fits.Add(LawResult.Create("auto", winner, data, settings, group: group.Group) with { Comparison = comparison });
        }

        return new LawResults(input.Source, fits);
    }

    private static LawResults FitCsv(FitInput input, string? lawName, ColumnFlags flags, LawFitSettings settings)
    {
        ScalingLaw law = ParseLaw(lawName ?? throw new CliException($"--law: give the law to fit: {string.Join(", ", ScalingLaw.Names)} (or --compare, --isoflop or --peak)."));
        FitColumns columns = Columns(law, flags);
        RequireBudgetsFit(law, settings);
        return new LawResults(input.Source, [.. input.Load(columns).Select(g => LawResult.Create(law.Name, law, g.Data!, settings, group: g.Group))]);
    }

    private static LawResults FitStudy(FitInput input, string? lawName, ColumnFlags flags, LawFitSettings settings)
    {
        string study = input.Study!;
        StudyDefinition? definition = input.Definition;
        IReadOnlyList<NamedLaw> declared = definition?.DescribeLaws() ?? [];
        if (lawName is not null && declared.FirstOrDefault(l => l.Name == lawName) is { } named)
        {
            if (flags.Any is { } given)
            {
                throw new CliException($"{given}: law '{lawName}' of study '{study}' names its own columns; leave out {given}.");
            }

            return StudyLaws.Fit(definition!.Descriptor, [named with { Law = flags.Override(named.Law, settings) }], input.Trials, settings, input.Source, input.Evaluation);
        }

        if (lawName is not null)
        {
            string also = declared.Count == 0 ? string.Empty : $", or a [Law] of study '{study}' ({string.Join(", ", declared.Select(l => l.Name))})";
            ScalingLaw law = ParseLaw(lawName, also);
            FitColumns columns = Columns(law, flags);
            RequireBudgetsFit(law, settings);
            return new LawResults(input.Source, StudyLaws.Fit(law.Name, law, columns, input.DefaultEvaluation, input.Trials, settings, input.Source));
        }

        if (flags.Any is { } flag)
        {
            throw new CliException($"{flag}: names a column of the law given with --law; give --law too (or leave both out to fit the study's [Law]s).");
        }

        if (definition is null)
        {
            throw new CliException($"--law: study '{study}' is not declared in this program, so its [Law]s are unknown; give --law with its columns (axes, derived values or metrics).");
        }

        if (declared.Count == 0)
        {
            throw new CliException($"--law: study '{study}' declares no [Law]; give --law with its columns (axes, derived values or metrics).");
        }

        return StudyLaws.Fit(definition.Descriptor, [.. declared.Select(l => l with { Law = flags.Override(l.Law, settings) })], input.Trials, settings, input.Source, input.Evaluation);
    }

    private static LawFitSettings Settings(string? bootstrap, string? resample, string? seed, string? dropHighest, string? budgets)
    {
        int replicas = DefaultReplicas;
        if (bootstrap is not null && (!int.TryParse(bootstrap, NumberStyles.None, CultureInfo.InvariantCulture, out replicas) || replicas == 1))
        {
            throw new CliException($"--bootstrap: '{bootstrap}' is not a number of replicas (0 for none, or at least 2).");
        }

        BootstrapResampling resampling = resample?.ToLowerInvariant() switch
        {
            null or "cells" => BootstrapResampling.Cells,
            "points" => BootstrapResampling.Points,
            _ => throw new CliException($"--resample: '{resample}' is not cells or points."),
        };
        BootstrapOptions boot = new() { Replicas = Math.Max(replicas, 2), Resampling = resampling };
        if (seed is not null)
        {
            boot = ulong.TryParse(seed, NumberStyles.None, CultureInfo.InvariantCulture, out ulong s)
                ? boot with { Seed = s }
                : throw new CliException($"--seed: '{seed}' is not a non-negative integer.");
        }

        int drop = 0;
        if (dropHighest is not null && (!int.TryParse(dropHighest, NumberStyles.None, CultureInfo.InvariantCulture, out drop) || drop < 1))
        {
            throw new CliException($"--drop-highest: '{dropHighest}' is not a number of largest scales to hold out (1 or more).");
        }

        List<double>? budgetList = null;
        if (budgets is not null)
        {
            budgetList = [];
            foreach (string text in budgets.Split(',', StringSplitOptions.TrimEntries))
            {
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double c) || !double.IsFinite(c) || c <= 0)
                {
                    throw new CliException($"--budgets: '{text}' is not a positive number of FLOPs (for example --budgets 1e21,1e23).");
                }

                budgetList.Add(c);
            }
        }

        return new LawFitSettings
        {
            Fit = new FitOptions { Bootstrap = replicas == 0 ? null : boot },
            Budgets = budgetList,
            DropHighest = drop,
        };
    }

    /// <summary>Applies --fit-loss and --huber-delta to the fit options.</summary>
    private static LawFitSettings WithLoss(LawFitSettings settings, string? loss, string? delta)
    {
        FitLoss kind = loss?.Trim().ToLowerInvariant() switch
        {
            null or "huber" => FitLoss.Huber,
            "mse" or "squared" => FitLoss.Mse,
            "gaussian" or "normal" => FitLoss.Gaussian,
            _ => throw new CliException($"--fit-loss: '{loss}' is not huber, mse or gaussian."),
        };
        double huber = Huber.HoffmannDelta;
        if (delta is not null && (!double.TryParse(delta, NumberStyles.Float, CultureInfo.InvariantCulture, out huber) || !double.IsFinite(huber) || huber <= 0))
        {
            throw new CliException($"--huber-delta: '{delta}' is not a positive number (for example --huber-delta 1e-3).");
        }

        if (delta is not null && kind != FitLoss.Huber)
        {
            throw new CliException($"--huber-delta: only with the Huber loss; --fit-loss {loss} has no threshold.");
        }

        return settings with { Fit = settings.Fit with { Loss = kind, HuberDelta = huber } };
    }

    /// <summary>Parses a --where or --holdout expression now, so that a bad one is a usage error naming the flag and the position.</summary>
    private static string? Expression(string flag, string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            RowExpression.Parse(text);
            return text;
        }
        catch (RowExpressionException e)
        {
            throw new CliException($"{flag}: {e.Message}", e);
        }
    }

    /// <summary>Writes every fitted law's bootstrap replicas as CSV: law, group, replica, then one column per natural parameter.</summary>
    private static void WriteReplicas(string path, LawResults results)
    {
        List<LawResult> fits = [.. results.Fits.Where(f => f.Fit is { Replicas.Count: > 0 })];
        if (fits.Count == 0)
        {
            throw new CliException("--replicas: no bootstrap replicas to write (give --bootstrap B with B of 2 or more).");
        }

        string[] names = [.. fits.SelectMany(f => f.Fit!.Law.ParameterNames).Distinct(StringComparer.Ordinal)];
        using StreamWriter writer = new(path);
        writer.WriteLine(string.Join(',', ["law", "group", "replica", .. names]));
        foreach (LawResult fit in fits)
        {
            LawFit law = fit.Fit!;
            for (int r = 0; r < law.Replicas.Count; r++)
            {
                FittedLaw replica = law.Replicas[r];
                IEnumerable<string> values = names.Select(name => law.Law.ParameterNames.IndexOf(name) is var i and >= 0 ? replica.Natural[i].ToString("R", CultureInfo.InvariantCulture) : string.Empty);
                writer.WriteLine(string.Join(',', [Csv(fit.Name), Csv(fit.Group ?? string.Empty), r.ToString(CultureInfo.InvariantCulture), .. values]));
            }
        }
    }

    private static string Csv(string field) => field.Contains(',', StringComparison.Ordinal) || field.Contains('"', StringComparison.Ordinal) ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;

    private static BackendKind ParseBackend(string? name)
    {
        try
        {
            return name is null ? BackendKind.Cpu : ComputeBackends.Parse(name);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"--backend: '{name}' is not one of {string.Join(", ", ComputeBackends.Names)}.", e);
        }
    }

    /// <summary>Opens the objective's backend; a GPU that is not here is a usage error naming the flag.</summary>
    private static FitObjectiveBackend OpenBackend(BackendKind kind)
    {
        try
        {
            return FitObjectiveBackend.Create(kind);
        }
        catch (InvalidOperationException e)
        {
            throw new CliException($"--backend {ComputeBackends.NameOf(kind)}: {e.Message.TrimEnd('.')} (see the 'devices' command).", e);
        }
    }

    private static ScalingLaw ParseLaw(string name, string also = "", string flag = "--law")
    {
        try
        {
            return ScalingLaw.Parse(name);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"{flag}: '{name}' is not one of {string.Join(", ", ScalingLaw.Names)}{also}.", e);
        }
    }

    private static FitColumns Columns(ScalingLaw law, ColumnFlags flags)
    {
        if (law.Inputs == 2)
        {
            if (flags.X is not null || flags.Y is not null)
            {
                throw new CliException($"{(flags.X is not null ? "--x" : "--y")}: law '{law.Name}' is joint; name its columns with --n, --d and --loss.");
            }

            string missing = flags.N is null ? "--n" : flags.D is null ? "--d" : flags.Loss is null ? "--loss" : string.Empty;
            if (missing.Length > 0)
            {
                throw new CliException($"{missing}: law '{law.Name}' needs --n COL (parameters), --d COL (data) and --loss COL.");
            }

            return FitColumns.Joint(flags.N!, flags.D!, flags.Loss!) with { By = flags.By, Where = flags.Where, Weight = flags.Weight, Holdout = flags.Holdout };
        }

        if (flags.N is not null || flags.D is not null || flags.Loss is not null)
        {
            string given = flags.N is not null ? "--n" : flags.D is not null ? "--d" : "--loss";
            throw new CliException($"{given}: law '{law.Name}' has one input; name its columns with --x and --y.");
        }

        if (flags.X is null || flags.Y is null)
        {
            throw new CliException($"{(flags.X is null ? "--x" : "--y")}: law '{law.Name}' needs --x COL (the scale) and --y COL (the fitted value).");
        }

        return FitColumns.Single(flags.X, flags.Y, flags.By) with { Where = flags.Where, Weight = flags.Weight, Holdout = flags.Holdout };
    }

    private static void RequireBudgetsFit(ScalingLaw law, LawFitSettings settings)
    {
        if (settings.Budgets is not null && !ComputeOptimal.Supports(law))
        {
            throw new CliException($"--budgets: law '{law.Name}' has no compute-optimal allocation; budgets apply to the joint laws chinchilla and kaplan.");
        }
    }

    private static Option<string?> Text(string name, string helpName, string description) => new(name) { Description = description, HelpName = helpName };

    private enum FitMode
    {
        Law,
        Compare,
        IsoFlop,
        Peak,
    }

    private sealed record ColumnFlags(string? N, string? D, string? Loss, string? X, string? Y, string? By, string? Compute, string? Replicate)
    {
        /// <summary>--where, parsed once already.</summary>
        public string? Where { get; init; }

        /// <summary>--weight.</summary>
        public string? Weight { get; init; }

        /// <summary>--holdout, parsed once already.</summary>
        public string? Holdout { get; init; }

        /// <summary>Whether --fit-loss was given (it then overrides a [Law]'s own).</summary>
        public bool LossGiven { get; init; }

        /// <summary>Whether --huber-delta was given.</summary>
        public bool DeltaGiven { get; init; }

        /// <summary>A declared law's spec with the filter, weight, split and loss given on the command line in place of its own.</summary>
        public LawSpec Override(LawSpec spec, LawFitSettings settings) => spec with
        {
            Where = Where ?? spec.Where,
            Weight = Weight ?? spec.Weight,
            Holdout = Holdout ?? spec.Holdout,
            FitLoss = LossGiven ? settings.Fit.Loss : spec.FitLoss,
            HuberDelta = DeltaGiven ? settings.Fit.HuberDelta : spec.HuberDelta,
        };

        /// <summary>The first column flag given, or null.</summary>
        public string? Any => N is not null ? "--n" : D is not null ? "--d" : Loss is not null ? "--loss" : X is not null ? "--x" : Y is not null ? "--y" : By is not null ? "--by" : null;

        /// <summary>The columns of an IsoFLOP analysis: N, D and the loss, optionally the compute column.</summary>
        public FitColumns IsoFlop()
        {
            if (X is not null || Y is not null)
            {
                throw new CliException($"{(X is not null ? "--x" : "--y")}: --isoflop reads --n, --d and --loss (and --compute).");
            }

            string missing = N is null ? "--n" : D is null ? "--d" : Loss is null ? "--loss" : string.Empty;
            return missing.Length > 0
                ? throw new CliException($"{missing}: --isoflop needs --n COL (parameters), --d COL (data) and --loss COL.")
                : FitColumns.Joint(N!, D!, Loss!) with { Compute = Compute, By = By };
        }

        /// <summary>The columns of a peak: x and y, and the replicate column (a study's seed when not given).</summary>
        public FitColumns Peak(bool study)
        {
            if (N is not null || D is not null || Loss is not null)
            {
                throw new CliException($"{(N is not null ? "--n" : D is not null ? "--d" : "--loss")}: --peak reads --x and --y.");
            }

            return X is null || Y is null
                ? throw new CliException($"{(X is null ? "--x" : "--y")}: --peak needs --x COL (the swept axis) and --y COL (the test error).")
                : FitColumns.Single(X, Y, By) with { Replicate = Replicate ?? (study ? StudyLaws.SeedColumn : null) };
        }
    }
}
