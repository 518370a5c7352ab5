using System.Globalization;

namespace Sweep.Analysis;

/// <summary>
/// The points a law is fitted to: a scale x (N for joint laws), optionally a second scale D, the fitted value y
/// (the loss), optionally a compute column and a grouping label, and for every point the row it came from, so that
/// errors and reports can point at the input. All scales and y are validated positive and finite (fits take logs).
/// </summary>
public sealed class FitData
{
    private readonly double[] _x;
    private readonly double[]? _d;
    private readonly double[] _y;
    private readonly double[]? _compute;
    private readonly string[]? _groups;
    private readonly string[]? _replicates;
    private readonly int[] _rows;
    private double[]? _weights;
    private bool[]? _heldOut;

    private FitData(string source, FitColumns columns, double[] x, double[]? d, double[] y, double[]? compute, string[]? groups, int[] rows, string[]? replicates = null)
    {
        Source = source;
        Columns = columns;
        _x = x;
        _d = d;
        _y = y;
        _compute = compute;
        _groups = groups;
        _replicates = replicates;
        _rows = rows;
    }

    /// <summary>The file or data set name used in messages.</summary>
    public string Source { get; }

    /// <summary>The columns the data were read from (names used in messages and reports).</summary>
    public FitColumns Columns { get; }

    /// <summary>The number of points.</summary>
    public int Count => _y.Length;

    /// <summary>True when the data carry a second scale D (joint laws).</summary>
    public bool IsJoint => _d is not null;

    /// <summary>The scale x (N for joint laws).</summary>
    public IReadOnlyList<double> X => _x;

    /// <summary>The data scale D; empty for single-variable data.</summary>
    public IReadOnlyList<double> D => _d ?? [];

    /// <summary>The fitted value (the loss).</summary>
    public IReadOnlyList<double> Y => _y;

    /// <summary>Compute C per point: the compute column if one was read, else 6·N·D for joint data, else empty.</summary>
    public IReadOnlyList<double> Compute => _compute ?? (_d is null ? [] : [.. _x.Select((n, i) => 6 * n * _d[i])]);

    /// <summary>The grouping label per point, or null when there is no <see cref="FitColumns.By"/> column.</summary>
    public IReadOnlyList<string>? Groups => _groups;

    /// <summary>
    /// The replicate label per point (the seed of a trial, read from <see cref="FitColumns.Replicate"/>), or null when
    /// there is no such column.
    /// </summary>
    public IReadOnlyList<string>? Replicates => _replicates;

    /// <summary>The 1-based source row of each point.</summary>
    public IReadOnlyList<int> Rows => _rows;

    /// <summary>The weight of each point in the loss: the <see cref="FitColumns.Weight"/> column, or 1 for every point.</summary>
    public IReadOnlyList<double> Weights => _weights ?? [.. Enumerable.Repeat(1.0, Count)];

    /// <summary>True when the points carry weights from a <see cref="FitColumns.Weight"/> column.</summary>
    public bool IsWeighted => _weights is not null;

    /// <summary>Per point, whether <see cref="FitColumns.Holdout"/> marks it for the back-test; null without a holdout.</summary>
    public IReadOnlyList<bool>? HeldOut => _heldOut;

    /// <summary>Rows of the source that <see cref="FitColumns.Where"/> left out (0 without a filter).</summary>
    public int FilteredOut { get; private set; }

    /// <summary>
    /// Columns of the source that vary among these points but are neither the law's columns nor <see cref="FitColumns.By"/>
    /// (axes such as a second learning rate, pooled into one fit): a study's axes; for a CSV file, columns with few
    /// distinct values that differ between rows of one cell (the same x, or the same (N, D)), except seeds.
    /// </summary>
    public IReadOnlyList<string> Pooled { get; private set; } = [];

    /// <summary>The distinct values of <see cref="X"/>, ascending (the "scales" of back-tests and leave-one-out).</summary>
    public IReadOnlyList<double> Scales => [.. _x.Distinct().Order()];

    /// <summary>Joint data <c>(N, D, loss)</c> from arrays.</summary>
    /// <param name="n">Parameters per point.</param>
    /// <param name="d">Data per point.</param>
    /// <param name="loss">Loss per point.</param>
    /// <param name="source">A name for messages.</param>
    public static FitData Joint(IReadOnlyList<double> n, IReadOnlyList<double> d, IReadOnlyList<double> loss, string source = "data")
    {
        ArgumentNullException.ThrowIfNull(n);
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(loss);
        var columns = FitColumns.Joint("N", "D", "loss");
        RequireSameLength(source, n.Count, d.Count, loss.Count);
        return FromArrays(source, columns, n, d, loss, null, null);
    }

    /// <summary>Single-variable data <c>(x, y)</c> from arrays.</summary>
    /// <param name="x">Scale per point.</param>
    /// <param name="y">Loss per point.</param>
    /// <param name="source">A name for messages.</param>
    public static FitData Single(IReadOnlyList<double> x, IReadOnlyList<double> y, string source = "data")
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        RequireSameLength(source, x.Count, y.Count, y.Count);
        return FromArrays(source, FitColumns.Single("x", "y"), x, null, y, null, null);
    }

    /// <summary>Reads the named columns of a CSV file (comma separated, header row, invariant culture).</summary>
    /// <param name="path">The file.</param>
    /// <param name="columns">Which columns to read.</param>
    /// <exception cref="FitDataException">A column is missing or a value is not a positive finite number; the message names row and column.</exception>
    public static FitData FromCsv(string path, FitColumns columns)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FitDataException($"{path}: file not found.", path);
        }

        using var reader = new StreamReader(path);
        return FromCsv(reader, columns, path);
    }

    /// <summary>Reads the named columns of CSV text.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="columns">Which columns to read.</param>
    /// <param name="source">A name for messages (usually the file name).</param>
    /// <exception cref="FitDataException">A column is missing or a value is bad; the message names row and column.</exception>
    public static FitData FromCsv(TextReader reader, FitColumns columns, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(columns);
        var table = CsvTable.Read(reader, source);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < table.Header.Length; i++)
        {
            index.TryAdd(table.Header[i], i);
        }

        foreach (string name in columns.Names())
        {
            if (!index.ContainsKey(name))
            {
                string near = table.Header.FirstOrDefault(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase)) is { } m
                    ? $" (did you mean '{m}'?)"
                    : string.Empty;
                throw new FitDataException(
                    $"{source}, row 0 (header, line 1), column '{name}': no such column{near}; the header has: {string.Join(", ", table.Header)}.",
                    source, row: 0, line: 1, column: name);
            }
        }

        RowExpression? where = Expression(source, "where", columns.Where, index, table.Header);
        RowExpression? holdout = Expression(source, "holdout", columns.Holdout, index, table.Header);
        List<CsvRow> kept = where is null
            ? table.Rows
            : [.. table.Rows.Where(row => where.Evaluate(column => Parse(source, row, column, index[column], positive: false)))];
        int count = kept.Count;
        var x = new double[count];
        double[]? d = columns.D is null ? null : new double[count];
        var y = new double[count];
        double[]? compute = columns.Compute is null ? null : new double[count];
        string[]? groups = columns.By is null ? null : new string[count];
        string[]? replicates = columns.Replicate is null ? null : new string[count];
        double[]? weights = columns.Weight is null ? null : new double[count];
        bool[]? heldOut = holdout is null ? null : new bool[count];
        var rows = new int[count];
        for (int r = 0; r < count; r++)
        {
            CsvRow row = kept[r];
            rows[r] = row.Row;
            x[r] = Parse(source, row, columns.X, index[columns.X]);
            if (d is not null)
            {
                d[r] = Parse(source, row, columns.D!, index[columns.D!]);
            }

            y[r] = Parse(source, row, columns.Y, index[columns.Y]);
            if (compute is not null)
            {
                compute[r] = Parse(source, row, columns.Compute!, index[columns.Compute!]);
            }

            if (groups is not null)
            {
                groups[r] = row.Fields[index[columns.By!]].Trim();
            }

            if (replicates is not null)
            {
                replicates[r] = row.Fields[index[columns.Replicate!]].Trim();
            }

            if (weights is not null)
            {
                weights[r] = Weight(source, row.Row, row.Line, columns.Weight!, Parse(source, row, columns.Weight!, index[columns.Weight!], positive: false));
            }

            if (heldOut is not null)
            {
                heldOut[r] = holdout!.Evaluate(column => Parse(source, row, column, index[column], positive: false));
            }
        }

        HashSet<string> used = new(columns.Names(), StringComparer.Ordinal);
        return new FitData(source, columns, x, d, y, compute, groups, rows, replicates)
        {
            _weights = weights,
            _heldOut = heldOut,
            FilteredOut = table.Rows.Count - count,
            Pooled = PooledCsvColumns(table.Header, kept, used, x, d),
        };
    }

    /// <summary>
    /// Builds data from records keyed by column name (for example a study's stored results); a missing or null value
    /// is reported with its 1-based record number as the row.
    /// </summary>
    /// <param name="records">One dictionary per point.</param>
    /// <param name="columns">Which columns to read.</param>
    /// <param name="source">A name for messages.</param>
    public static FitData FromRecords(IEnumerable<IReadOnlyDictionary<string, double?>> records, FitColumns columns, string source)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(columns);
        var all = records.ToList();
        RowExpression? where = RecordExpression(source, "where", columns.Where);
        RowExpression? holdout = RecordExpression(source, "holdout", columns.Holdout);
        List<int> keep = [.. Enumerable.Range(0, all.Count).Where(r => where is null || where.Evaluate(column => Value(all[r], r, column, positive: false)))];
        int count = keep.Count;
        var x = new double[count];
        double[]? d = columns.D is null ? null : new double[count];
        var y = new double[count];
        double[]? compute = columns.Compute is null ? null : new double[count];
        string[]? groups = columns.By is null ? null : new string[count];
        string[]? replicates = columns.Replicate is null ? null : new string[count];
        double[]? weights = columns.Weight is null ? null : new double[count];
        bool[]? heldOut = holdout is null ? null : new bool[count];
        var rows = new int[count];
        for (int k = 0; k < count; k++)
        {
            int r = keep[k];
            var record = all[r];
            rows[k] = r + 1;
            x[k] = Get(columns.X);
            if (d is not null)
            {
                d[k] = Get(columns.D!);
            }

            y[k] = Get(columns.Y);
            if (compute is not null)
            {
                compute[k] = Get(columns.Compute!);
            }

            if (groups is not null)
            {
                groups[k] = Get(columns.By!).ToString("R", CultureInfo.InvariantCulture);
            }

            if (replicates is not null)
            {
                replicates[k] = Get(columns.Replicate!).ToString("R", CultureInfo.InvariantCulture);
            }

            if (weights is not null)
            {
                weights[k] = Weight(source, r + 1, null, columns.Weight!, Value(record, r, columns.Weight!, positive: false));
            }

            if (heldOut is not null)
            {
                heldOut[k] = holdout!.Evaluate(column => Value(record, r, column, positive: false));
            }

            double Get(string column) => Value(record, r, column, column != columns.By && column != columns.Replicate);
        }

        return new FitData(source, columns, x, d, y, compute, groups, rows, replicates)
        {
            _weights = weights,
            _heldOut = heldOut,
            FilteredOut = all.Count - count,
        };

        double Value(IReadOnlyDictionary<string, double?> record, int r, string column, bool positive)
        {
            if (!record.TryGetValue(column, out double? value) || value is null)
            {
                throw new FitDataException($"{source}, row {r + 1}, column '{column}': no value.", source, row: r + 1, column: column);
            }

            return Check(source, r + 1, null, column, value.Value, positive);
        }
    }

    private static RowExpression? RecordExpression(string source, string what, string? text)
    {
        try
        {
            return text is null ? null : RowExpression.Parse(text);
        }
        catch (RowExpressionException e)
        {
            throw new FitDataException($"{source}, {what} {e.Message}", source);
        }
    }

    /// <summary>The points at <paramref name="indices"/> (rows and labels travel with them).</summary>
    /// <param name="indices">0-based point indices.</param>
    public FitData Subset(IEnumerable<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int[] idx = [.. indices];
        return new FitData(
            Source,
            Columns,
            [.. idx.Select(i => _x[i])],
            _d is null ? null : [.. idx.Select(i => _d[i])],
            [.. idx.Select(i => _y[i])],
            _compute is null ? null : [.. idx.Select(i => _compute[i])],
            _groups is null ? null : [.. idx.Select(i => _groups[i])],
            [.. idx.Select(i => _rows[i])],
            _replicates is null ? null : [.. idx.Select(i => _replicates[i])])
        {
            _weights = _weights is null ? null : [.. idx.Select(i => _weights[i])],
            _heldOut = _heldOut is null ? null : [.. idx.Select(i => _heldOut[i])],
            FilteredOut = FilteredOut,
            Pooled = Pooled,
        };
    }

    /// <summary>These points with weights (for example from code rather than a column).</summary>
    /// <param name="weights">One finite, non-negative weight per point.</param>
    public FitData WithWeights(IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count != Count || weights.Any(w => !double.IsFinite(w) || w < 0))
        {
            throw new ArgumentException($"Need {Count} finite, non-negative weights.", nameof(weights));
        }

        FitData copy = Subset(Enumerable.Range(0, Count));
        copy._weights = [.. weights];
        return copy;
    }

    /// <summary>These points with the held-out flags of a back-test split.</summary>
    /// <param name="heldOut">One flag per point.</param>
    public FitData WithHoldout(IReadOnlyList<bool> heldOut)
    {
        ArgumentNullException.ThrowIfNull(heldOut);
        if (heldOut.Count != Count)
        {
            throw new ArgumentException($"Need {Count} flags.", nameof(heldOut));
        }

        FitData copy = Subset(Enumerable.Range(0, Count));
        copy._heldOut = [.. heldOut];
        return copy;
    }

    /// <summary>These points, naming the columns that vary but are pooled into one fit.</summary>
    internal FitData WithPooled(IReadOnlyList<string> pooled)
    {
        FitData copy = Subset(Enumerable.Range(0, Count));
        copy.Pooled = pooled;
        return copy;
    }

    /// <summary>The points whose x satisfies <paramref name="predicate"/>.</summary>
    /// <param name="predicate">Keeps a point when true for its index.</param>
    public FitData Where(Func<int, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return Subset(Enumerable.Range(0, Count).Where(predicate));
    }

    /// <summary>One data set per distinct <see cref="Groups"/> label, in order of first appearance; the whole set when ungrouped.</summary>
    public IReadOnlyList<(string Group, FitData Data)> SplitByGroup()
    {
        if (_groups is null)
        {
            return [(string.Empty, this)];
        }

        return [.. _groups.Distinct().Select(g => (g, Where(i => _groups[i] == g)))];
    }

    /// <summary>Throws <see cref="FitDataException"/> unless there are at least <paramref name="parameters"/> points.</summary>
    /// <param name="parameters">The number of parameters of the law to be fitted.</param>
    /// <param name="lawName">The law's name, for the message.</param>
    public void RequireAtLeast(int parameters, string lawName)
    {
        if (Count < parameters)
        {
            string rows = Count == 0 ? "no rows" : $"rows {_rows.Min()}–{_rows.Max()}";
            string cols = string.Join("', '", Columns.Names().Where(c => c != Columns.By && c != Columns.Replicate));
            throw new FitDataException(
                $"{Source}, columns '{cols}': {Count} point(s) ({rows}), but law '{lawName}' has {parameters} parameters; need at least {parameters} points.",
                Source, column: Columns.Y);
        }
    }

    /// <summary>Throws <see cref="FitDataException"/> unless <see cref="X"/> takes at least <paramref name="needed"/> distinct values.</summary>
    /// <param name="needed">The distinct scales the analysis needs.</param>
    /// <param name="why">Why it needs them, for the message (for example "a peak needs a value on each side of it").</param>
    public void RequireDistinctScales(int needed, string why)
    {
        int scales = _x.Distinct().Count();
        if (scales < needed)
        {
            throw new FitDataException(
                $"{Source}, column '{Columns.X}': {scales} distinct value(s) in {Count} rows; {why}, so it needs at least {needed}.",
                Source, column: Columns.X);
        }
    }

    internal LawArrays ToLawArrays()
    {
        double[] w = _weights is null ? new double[Count] : [.. _weights];
        if (_weights is null)
        {
            Array.Fill(w, 1.0);
        }

        return new LawArrays(
            [.. _x.Select(v => Math.Log(v))],
            _d is null ? [] : [.. _d.Select(v => Math.Log(v))],
            [.. _y.Select(v => Math.Log(v))],
            w);
    }

    /// <summary>The axis cell of each point (points with equal x and D share a cell, e.g. seeds of one trial).</summary>
    internal int[] CellIds(out int cellCount)
    {
        var ids = new int[Count];
        var map = new Dictionary<(double, double), int>();
        for (int i = 0; i < Count; i++)
        {
            var key = (_x[i], _d is null ? 0 : _d[i]);
            if (!map.TryGetValue(key, out int id))
            {
                id = map.Count;
                map.Add(key, id);
            }

            ids[i] = id;
        }

        cellCount = map.Count;
        return ids;
    }

    private static FitData FromArrays(string source, FitColumns columns, IReadOnlyList<double> x, IReadOnlyList<double>? d, IReadOnlyList<double> y, double[]? compute, string[]? groups)
    {
        int count = y.Count;
        var xs = new double[count];
        double[]? ds = d is null ? null : new double[count];
        var ys = new double[count];
        var rows = new int[count];
        for (int i = 0; i < count; i++)
        {
            rows[i] = i + 1;
            xs[i] = Check(source, i + 1, null, columns.X, x[i], true);
            if (ds is not null)
            {
                ds[i] = Check(source, i + 1, null, columns.D!, d![i], true);
            }

            ys[i] = Check(source, i + 1, null, columns.Y, y[i], true);
        }

        return new FitData(source, columns, xs, ds, ys, compute, groups, rows);
    }

    /// <summary>Parses an expression flag and checks that every column it names is in the header.</summary>
    private static RowExpression? Expression(string source, string what, string? text, Dictionary<string, int> index, string[] header)
    {
        if (text is null)
        {
            return null;
        }

        RowExpression expression;
        try
        {
            expression = RowExpression.Parse(text);
        }
        catch (RowExpressionException e)
        {
            throw new FitDataException($"{source}, {what} {e.Message}", source);
        }

        foreach ((string name, int position) in expression.ColumnReferences)
        {
            if (!index.ContainsKey(name))
            {
                string near = header.FirstOrDefault(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase)) is { } m ? $" (did you mean '{m}'?)" : string.Empty;
                throw new FitDataException(
                    $"{source}, {what} '{text}', at position {position}: no column '{name}'{near}; the header has: {string.Join(", ", header)}.", source, row: 0, line: 1, column: name);
            }
        }

        return expression;
    }

    /// <summary>
    /// The unused CSV columns that look like pooled axes: few distinct values (at most a third of the rows, and at
    /// least two), differing between rows of one cell; seeds and replicates are not axes.
    /// </summary>
    private static List<string> PooledCsvColumns(string[] header, List<CsvRow> rows, HashSet<string> used, double[] x, double[]? d)
    {
        List<string> pooled = [];
        if (rows.Count < 2)
        {
            return pooled;
        }

        for (int k = 0; k < header.Length; k++)
        {
            string name = header[k];
            if (used.Contains(name) || name.Length == 0 || name.Contains("seed", StringComparison.OrdinalIgnoreCase) || name.Contains("replicate", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            int distinct = rows.Select(r => r.Fields[k].Trim()).Distinct(StringComparer.Ordinal).Count();
            if (distinct < 2 || distinct > Math.Max(2, rows.Count / 3))
            {
                continue;
            }

            bool variesInCell = Enumerable.Range(0, rows.Count)
                .GroupBy(i => (x[i], d is null ? 0 : d[i]))
                .Any(cell => cell.Select(i => rows[i].Fields[k].Trim()).Distinct(StringComparer.Ordinal).Count() > 1);
            if (variesInCell)
            {
                pooled.Add(name);
            }
        }

        return pooled;
    }

    private static double Weight(string source, int row, int? line, string column, double value)
    {
        string where = line is null ? $"{source}, row {row}, column '{column}'" : $"{source}, row {row} (line {line}), column '{column}'";
        return value < 0 ? throw new FitDataException($"{where}: weight {value.ToString("R", CultureInfo.InvariantCulture)} is negative.", source, row, line, column) : value;
    }

    private static double Parse(string source, CsvRow row, string column, int index, bool positive = true)
    {
        string text = row.Fields[index].Trim();
        if (text.Length == 0)
        {
            throw new FitDataException($"{source}, row {row.Row} (line {row.Line}), column '{column}': empty value.", source, row.Row, row.Line, column);
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw new FitDataException($"{source}, row {row.Row} (line {row.Line}), column '{column}': '{text}' is not a number.", source, row.Row, row.Line, column);
        }

        return Check(source, row.Row, row.Line, column, value, positive);
    }

    private static double Check(string source, int row, int? line, string column, double value, bool positive)
    {
        string where = line is null ? $"{source}, row {row}, column '{column}'" : $"{source}, row {row} (line {line}), column '{column}'";
        if (!double.IsFinite(value))
        {
            throw new FitDataException($"{where}: {value.ToString(CultureInfo.InvariantCulture)} is not a finite number.", source, row, line, column);
        }

        if (positive && value <= 0)
        {
            throw new FitDataException($"{where}: {value.ToString("R", CultureInfo.InvariantCulture)} must be positive (the fit takes its logarithm).", source, row, line, column);
        }

        return value;
    }

    private static void RequireSameLength(string source, int a, int b, int c)
    {
        if (a != b || b != c)
        {
            throw new FitDataException($"{source}: the columns have different lengths ({a}, {b}, {c}).", source);
        }
    }
}
