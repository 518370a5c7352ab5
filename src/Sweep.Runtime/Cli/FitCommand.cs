using System.CommandLine;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Sweep.Analysis;
using Sweep.Kernels;
using Sweep.Reporting;
using Sweep.Storage;

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
        Option<string?> n = Text("--n", "COL", "Parameters column N of a joint law.");
        Option<string?> d = Text("--d", "COL", "Data column D of a joint law.");
        Option<string?> loss = Text("--loss", "COL", "Loss column of a joint law.");
        Option<string?> x = Text("--x", "COL", "Scale column of a single-variable law.");
        Option<string?> y = Text("--y", "COL", "Fitted column of a single-variable law.");
        Option<string?> by = Text("--by", "COL", "Fit separately for each value of this column.");
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
        Option<bool> json = new("--json") { Description = "Print the results as JSON and nothing else." };
        Command command = new("fit", "Fit a scaling law to a CSV file or a study's results: parameters with bootstrap intervals, convergence, compute-optimal allocation.")
        {
            data, law, n, d, loss, x, y, by, study, evaluation, dropHighest, bootstrap, resample, seed, budgets, backend, json,
        };
        command.SetAction(result =>
        {
            LawFitSettings settings = Settings(result.GetValue(bootstrap), result.GetValue(resample), result.GetValue(seed), result.GetValue(dropHighest), result.GetValue(budgets));
            BackendKind kind = ParseBackend(result.GetValue(backend));
            ColumnFlags columns = new(result.GetValue(n), result.GetValue(d), result.GetValue(loss), result.GetValue(x), result.GetValue(y), result.GetValue(by));
            string path = result.GetValue(data) ?? throw new CliException("--data: give the CSV file to fit (or a results .db with --study).");
            if (!File.Exists(path))
            {
                throw new CliException($"--data: {path}: file not found.");
            }

            string? lawName = result.GetValue(law);
            using FitObjectiveBackend objectives = OpenBackend(kind);
            settings = settings with { Fit = objectives.Apply(settings.Fit) };
            LawResults results = IsStore(path)
                ? FitStudy(env, path, result.GetValue(study), result.GetValue(evaluation), lawName, columns, settings)
                : FitCsv(path, result.GetValue(study), result.GetValue(evaluation), lawName, columns, settings);
            results = results with { ObjectiveBackend = objectives.Description };
            if (results.Fits.FirstOrDefault(f => f.Error is not null) is { } failed)
            {
                string which = results.Fits.Count > 1 || failed.Name != failed.Law ? $"law '{failed.Name}'{(failed.GroupLabel is null ? string.Empty : $" ({failed.GroupLabel})")}: " : string.Empty;
                throw new CliException(which + failed.Error);
            }

            if (result.GetValue(json))
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

    private static LawResults FitCsv(string path, string? study, string? evaluation, string? lawName, ColumnFlags flags, LawFitSettings settings)
    {
        if (study is not null || evaluation is not null)
        {
            throw new CliException($"{(study is not null ? "--study" : "--evaluation")}: only with a results store (.db); {path} is not a SQLite file.");
        }

        ScalingLaw law = ParseLaw(lawName ?? throw new CliException($"--law: give the law to fit: {string.Join(", ", ScalingLaw.Names)}."));
        FitColumns columns = Columns(law, flags);
        RequireBudgetsFit(law, settings);
        FitData data;
        try
        {
            data = FitData.FromCsv(path, columns);
        }
        catch (FitDataException e)
        {
            throw new CliException(e.Message, e);
        }

        List<LawResult> fits = [];
        foreach ((string group, FitData part) in data.SplitByGroup())
        {
            fits.Add(LawResult.Create(law.Name, law, part, settings, group: columns.By is null ? null : group));
        }

        return new LawResults(path, fits);
    }

    private static LawResults FitStudy(CliEnvironment env, string path, string? study, string? evaluation, string? lawName, ColumnFlags flags, LawFitSettings settings)
    {
        RequireSweepStore(path);
        using ResultStore store = ResultStore.Open(path);
        IReadOnlyList<StoredStudy> stored = store.Studies();
        string names = stored.Count == 0 ? "it holds none" : "stored: " + string.Join(", ", stored.Select(s => s.Name));
        if (study is null)
        {
            throw new CliException($"--study: {path} is a results store; name the study to fit ({names}).");
        }

        if (!stored.Any(s => s.Name == study))
        {
            throw new CliException($"--study: '{study}' has no results in {path}; {names}.");
        }

        IReadOnlyList<StoredTrial> trials = store.ReadTrials(study);
        StudyDefinition? definition = env.Studies.FirstOrDefault(s => s.Descriptor.Name == study);
        IReadOnlyList<string> evaluations = [.. (definition?.Descriptor.Evaluations ?? []).Concat(StudyLaws.Evaluations(trials)).Distinct(StringComparer.Ordinal)];
        if (evaluation is not null && !evaluations.Contains(evaluation, StringComparer.Ordinal))
        {
            throw new CliException($"--evaluation: study '{study}' has no evaluation '{evaluation}'; it has {string.Join(", ", evaluations)}.");
        }

        string source = $"{path} (study '{study}')";
        IReadOnlyList<NamedLaw> declared = definition?.DescribeLaws() ?? [];
        if (lawName is not null && declared.FirstOrDefault(l => l.Name == lawName) is { } named)
        {
            if (flags.Any is { } given)
            {
                throw new CliException($"{given}: law '{lawName}' of study '{study}' names its own columns; leave out {given}.");
            }

            return StudyLaws.Fit(definition!.Descriptor, [named], trials, settings, source, evaluation);
        }

        if (lawName is not null)
        {
            string also = declared.Count == 0 ? string.Empty : $", or a [Law] of study '{study}' ({string.Join(", ", declared.Select(l => l.Name))})";
            ScalingLaw law = ParseLaw(lawName, also);
            FitColumns columns = Columns(law, flags);
            RequireBudgetsFit(law, settings);
            string chosen = evaluation ?? evaluations.FirstOrDefault() ?? TrialContext.DefaultEvaluation;
            return new LawResults(source, StudyLaws.Fit(law.Name, law, columns, chosen, trials, settings, source));
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

        return StudyLaws.Fit(definition.Descriptor, declared, trials, settings, source, evaluation);
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
            throw new CliException($"--backend {ComputeBackends.NameOf(kind)}: {e.Message}", e);
        }
    }

    private static ScalingLaw ParseLaw(string name, string also = "")
    {
        try
        {
            return ScalingLaw.Parse(name);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"--law: '{name}' is not one of {string.Join(", ", ScalingLaw.Names)}{also}.", e);
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

            return FitColumns.Joint(flags.N!, flags.D!, flags.Loss!) with { By = flags.By };
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

        return FitColumns.Single(flags.X, flags.Y, flags.By);
    }

    private static void RequireBudgetsFit(ScalingLaw law, LawFitSettings settings)
    {
        if (settings.Budgets is not null && !ComputeOptimal.Supports(law))
        {
            throw new CliException($"--budgets: law '{law.Name}' has no compute-optimal allocation; budgets apply to the joint laws chinchilla and kaplan.");
        }
    }

    /// <summary>A SQLite database starts with this header; anything else is read as CSV.</summary>
    private static bool IsStore(string path)
    {
        ReadOnlySpan<byte> magic = "SQLite format 3\0"u8;
        Span<byte> head = stackalloc byte[16];
        using FileStream file = File.OpenRead(path);
        return file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(magic);
    }

    /// <summary>Opening a store creates its tables: refuse, read-only, any other SQLite file rather than write into it.</summary>
    private static void RequireSweepStore(string path)
    {
        using SqliteConnection connection = new(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'studies', 'trials', 'metrics')";
        if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) < 4)
        {
            throw new CliException($"--data: {path} is a SQLite database but not a Sweep results store (it lacks the studies and trials tables).");
        }
    }

    private static Option<string?> Text(string name, string helpName, string description) => new(name) { Description = description, HelpName = helpName };

    private sealed record ColumnFlags(string? N, string? D, string? Loss, string? X, string? Y, string? By)
    {
        /// <summary>The first column flag given, or null.</summary>
        public string? Any => N is not null ? "--n" : D is not null ? "--d" : Loss is not null ? "--loss" : X is not null ? "--x" : Y is not null ? "--y" : By is not null ? "--by" : null;
    }
}
