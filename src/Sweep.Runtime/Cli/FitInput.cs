using System.Globalization;
using Microsoft.Data.Sqlite;
using Sweep.Analysis;
using Sweep.Reporting;
using Sweep.Storage;

namespace Sweep.Cli;

/// <summary>
/// What <c>fit</c> reads: a CSV file, or one study's done trials in a results store (one evaluation's metrics,
/// axes, derived values and seeds as columns). Bad input is a <see cref="CliException"/> naming the flag, or the
/// file, row and column.
/// </summary>
internal sealed class FitInput
{
    private readonly CliEnvironment _env;
    private readonly IReadOnlyList<StoredTrial>? _trials;
    private readonly IReadOnlyList<string> _evaluations;

    private FitInput(CliEnvironment env, string path, string source, string? study, string? evaluation, IReadOnlyList<StoredTrial>? trials, IReadOnlyList<string> evaluations)
    {
        _env = env;
        Path = path;
        Source = source;
        Study = study;
        Evaluation = evaluation;
        _trials = trials;
        _evaluations = evaluations;
    }

    public string Path { get; }

    /// <summary>The file, or the store and study, as messages and reports name it.</summary>
    public string Source { get; }

    /// <summary>The study whose trials are read, or null for a CSV file.</summary>
    public string? Study { get; }

    /// <summary>The evaluation given with <c>--evaluation</c>, or null.</summary>
    public string? Evaluation { get; }

    public bool IsStore => _trials is not null;

    public IReadOnlyList<StoredTrial> Trials => _trials ?? throw new InvalidOperationException("A CSV file has no trials.");

    /// <summary>The study's declaration when this program declares it.</summary>
    public StudyDefinition? Definition => Study is null ? null : _env.Studies.FirstOrDefault(s => s.Descriptor.Name == Study);

    /// <summary>The evaluation read when a law names none: <c>--evaluation</c>, else the study's first.</summary>
    public string DefaultEvaluation => Evaluation ?? _evaluations.FirstOrDefault() ?? TrialContext.DefaultEvaluation;

    public static FitInput Open(CliEnvironment env, string? path, string? study, string? evaluation)
    {
        if (path is null)
        {
            throw new CliException("--data: give the CSV file to fit (or a results .db with --study).");
        }

        if (!File.Exists(path))
        {
            throw new CliException($"--data: {path}: file not found.");
        }

        if (!IsSqlite(path))
        {
            if (study is not null || evaluation is not null)
            {
                throw new CliException($"{(study is not null ? "--study" : "--evaluation")}: only with a results store (.db); {path} is not a SQLite file.");
            }

            return new FitInput(env, path, path, null, null, null, []);
        }

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

        return new FitInput(env, path, $"{path} (study '{study}')", study, evaluation, trials, evaluations);
    }

    /// <summary>
    /// The points of <paramref name="columns"/>, one group per value of <see cref="FitColumns.By"/>; a CSV value
    /// that is missing or not positive is an error naming its row and column, and so is a study's.
    /// </summary>
    public IReadOnlyList<FitGroup> Load(FitColumns columns)
    {
        if (IsStore)
        {
            IReadOnlyList<FitGroup> groups = StudyLaws.Load(columns, DefaultEvaluation, Trials, Source);
            if (groups.FirstOrDefault(g => g.Error is not null) is { } failed)
            {
                throw new CliException((failed.Group is null ? string.Empty : $"{columns.By}={failed.Group}: ") + failed.Error);
            }

            return groups;
        }

        FitData data;
        try
        {
            data = FitData.FromCsv(Path, columns);
        }
        catch (FitDataException e)
        {
            throw new CliException(e.Message, e);
        }

        return [.. data.SplitByGroup().Select(g => new FitGroup(columns.By is null ? null : g.Group, g.Data.Count, g.Data, null))];
    }

    /// <summary>A SQLite database starts with this header; anything else is read as CSV.</summary>
    private static bool IsSqlite(string path)
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
}
