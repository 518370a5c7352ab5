using System.CommandLine;
using System.Globalization;
using Sweep.Analysis;
using Sweep.Analysis.Robustness;

namespace Sweep.Cli;

/// <summary>
/// <c>robustness</c>: accuracy on the line and effective robustness of any table of models (a CSV file, one model per
/// row): the fit of link(OOD) on link(ID) with bootstrap intervals, and every row's ρ sorted from the most to the least
/// effectively robust; <c>--json</c> prints the same as JSON. Bad input names the flag, or the row and column.
/// </summary>
internal static class RobustnessCommand
{
    public static Command Create(CliEnvironment env)
    {
        Option<string?> data = Text("--data", "FILE", "A CSV file (header row, comma separated), one model per row.");
        Option<string?> id = Text("--id", "COL", "The in-distribution (clean) accuracy column.");
        Option<string?> ood = Text("--ood", "COL", "The out-of-distribution (shifted) accuracy column.");
        Option<string?> link = Text("--link", "probit|logit|none", "The link both axes are fitted in (default probit, as Miller et al. 2021; logit as Taori et al. 2020).");
        Option<string?> reference = Text("--reference", "EXPR", "Fit the line to the rows where EXPR holds: COL OP VALUE clauses (OP one of = != < <= > >=) joined by &&, e.g. \"family = resnet && params >= 1e6\" (default: every row). ρ is printed for every row.");
        Option<string?> label = Text("--label", "COL", "The column naming each row's model (default: the row number).");
        Option<string?> scale = Text("--scale", "COL", "A column whose values get their own mean ρ (a model size, a family).");
        Option<bool> percent = new("--percent") { Description = "The accuracies are percentages (0–100). Without it a value above 1 marks them as percentages, with a warning; otherwise they are fractions." };
        Option<string?> bootstrap = Text("--bootstrap", "B", "Bootstrap replicas of the reference rows for the intervals (default 1000; 0 for none).");
        Option<string?> seed = Text("--seed", "S", "Bootstrap seed (the same seed gives the same intervals).");
        Option<bool> json = new("--json") { Description = "Print the results as JSON and nothing else." };
        Command command = new("robustness", "Accuracy on the line and effective robustness of a table of models: link(OOD) fitted as a line in link(ID) with bootstrap intervals, and every model's ρ = OOD − the line's prediction, sorted.")
        {
            data, id, ood, link, reference, label, scale, percent, bootstrap, seed, json,
        };
        command.SetAction(result =>
        {
            Link chosen = ParseLink(result.GetValue(link));
            int replicas = Count(result.GetValue(bootstrap), "--bootstrap", 1000);
            ulong bootSeed = result.GetValue(seed) is string s
                ? ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) ? v : throw new CliException($"--seed: '{s}' is not a non-negative integer.")
                : new OnTheLineOptions().Seed;
            string idColumn = result.GetValue(id) ?? throw new CliException("--id: give the in-distribution accuracy column.");
            string oodColumn = result.GetValue(ood) ?? throw new CliException("--ood: give the shifted accuracy column.");
            ReferenceFilter? filter = null;
            if (result.GetValue(reference) is string expression)
            {
                try
                {
                    filter = ReferenceFilter.Parse(expression);
                }
                catch (FormatException e)
                {
                    throw new CliException($"--reference: {e.Message}", e);
                }
            }

            string path = result.GetValue(data) ?? throw new CliException("--data: give the CSV file of models.");
            RobustnessReport report = Analyze(path, idColumn, oodColumn, result.GetValue(label), result.GetValue(scale), filter, result.GetValue(percent), new OnTheLineOptions { Link = chosen, Replicas = replicas, Seed = bootSeed });
            if (result.GetValue(json))
            {
                env.Out.WriteLine(report.ToJson());
                return ExitCodes.Success;
            }

            foreach (string warning in report.Warnings)
            {
                env.Error.WriteLine($"warning: {warning}");
            }

            Write(env.Out, report);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Reads the table and fits it; every problem is a <see cref="CliException"/> naming the flag, or the row and column.</summary>
    internal static RobustnessReport Analyze(string path, string idColumn, string oodColumn, string? labelColumn, string? scaleColumn, ReferenceFilter? filter, bool percent, OnTheLineOptions options)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"--data: {path}: file not found.");
        }

        CsvTable table;
        try
        {
            using StreamReader reader = new(path);
            table = CsvTable.Read(reader, path);
        }
        catch (FitDataException e)
        {
            throw new CliException(e.Message, e);
        }

        string columns = string.Join(", ", table.Header);
        int Column(string name, string flag) => Array.FindIndex(table.Header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase)) is int i and >= 0
            ? i
            : throw new CliException($"{flag}: {path} has no column '{name}'; its columns are {columns}.");
        int idAt = Column(idColumn, "--id"), oodAt = Column(oodColumn, "--ood");
        int? labelAt = labelColumn is null ? null : Column(labelColumn, "--label");
        int? scaleAt = scaleColumn is null ? null : Column(scaleColumn, "--scale");
        foreach (string name in filter?.Columns ?? [])
        {
            Column(name, "--reference");
        }

        if (table.Rows.Count == 0)
        {
            throw new CliException($"--data: {path} has a header but no rows.");
        }

        var values = new (double Id, double Ood)[table.Rows.Count];
        double max = 0;
        for (int r = 0; r < table.Rows.Count; r++)
        {
            CsvRow row = table.Rows[r];
            double Read(int at)
            {
                string text = row.Fields[at].Trim();
                string where = $"{path}, row {row.Row} (line {row.Line}), column '{table.Header[at]}'";
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                {
                    throw new CliException($"{where}: '{text}' is not a number.");
                }

                if (v < 0)
                {
                    throw new CliException($"{where}: {text} is negative; an accuracy is a fraction in [0, 1] or a percentage in [0, 100].");
                }

                if (v > 100)
                {
                    throw new CliException($"{where}: {text} is above 100 %; an accuracy is a fraction in [0, 1] or a percentage in [0, 100].");
                }

                return v;
            }

            values[r] = (Read(idAt), Read(oodAt));
            max = Math.Max(max, Math.Max(values[r].Id, values[r].Ood));
        }

        List<string> warnings = [];
        if (!percent && max > 1)
        {
            percent = true;
            warnings.Add($"read the accuracies as percentages: a value ({max.ToString("G", CultureInfo.InvariantCulture)}) is above 1 (say --percent to state it).");
        }

        double divisor = percent ? 100 : 1;
        List<LinePoint> points = [];
        for (int r = 0; r < table.Rows.Count; r++)
        {
            CsvRow row = table.Rows[r];
            bool isReference;
            try
            {
                isReference = filter?.Matches(c => row.Fields[Column(c, "--reference")].Trim()) ?? true;
            }
            catch (FormatException e)
            {
                throw new CliException($"--reference: {path}, row {row.Row} (line {row.Line}): {e.Message}", e);
            }

            string labelText = labelAt is int l ? row.Fields[l].Trim() : row.Row.ToString(CultureInfo.InvariantCulture);
            points.Add(new LinePoint(labelText, values[r].Id / divisor, values[r].Ood / divisor, scaleAt is int s ? row.Fields[s].Trim() : null, isReference));
        }

        int referenceRows = points.Count(p => p.IsReference);
        if (referenceRows < OnTheLine.MinimumReference)
        {
            string which = filter is null ? $"{path} has {referenceRows} row(s)" : $"{referenceRows} row(s) of {points.Count} match '{filter.Text}'";
            throw new CliException($"{(filter is null ? "--data" : "--reference")}: {which}; a line needs at least {OnTheLine.MinimumReference} reference rows.");
        }

        OnTheLineResult line;
        try
        {
            line = OnTheLine.Fit(points, options);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"--id: {e.Message}", e);
        }

        if (line.Clipped > 0)
        {
            warnings.Add($"{line.Clipped} accurac{(line.Clipped == 1 ? "y" : "ies")} of exactly 0 or {(percent ? "100 %" : "1")} moved {Links.ClipMargin.ToString("G", CultureInfo.InvariantCulture)} inside (0, 1) so that {Links.Name(options.Link)} is finite.");
        }

        return new RobustnessReport(path, table.Header[idAt], table.Header[oodAt], percent, filter?.Text, warnings, line);
    }

    private static void Write(TextWriter writer, RobustnessReport report)
    {
        OnTheLineResult r = report.Line;
        string link = Links.Name(r.Link);
        string pct = (r.Confidence * 100).ToString("G3", CultureInfo.InvariantCulture);
        writer.WriteLine(Invariant($"{report.Source}: {link}({report.OodColumn}) = {F(r.Intercept.Estimate)} + {F(r.Slope.Estimate)}·{link}({report.IdColumn}), fitted to {r.ReferencePoints} of {r.Points} rows{(report.Reference is null ? string.Empty : $" ({report.Reference})")}"));
        writer.WriteLine(Invariant($"  slope     {I(r.Slope)}"));
        writer.WriteLine(Invariant($"  intercept {I(r.Intercept)}"));
        writer.WriteLine(Invariant($"  r         {I(r.R)}"));
        writer.WriteLine(Invariant($"  intervals: {pct}% percentiles of {r.Replicas} bootstrap replicas of the reference rows; accuracies as {(report.Percent ? "percentages" : "fractions")}, ρ in the same unit"));
        writer.WriteLine();
        double unit = report.Percent ? 100 : 1;
        List<string[]> rows = [["model", report.IdColumn, report.OodColumn, "predicted", "rho", "interval", "reference"]];
        rows.AddRange(r.Rows.Select(row => new[]
        {
            row.Label, F(row.Id * unit), F(row.Ood * unit), F(row.Predicted * unit), F(row.Rho.Estimate * unit),
            double.IsNaN(row.Rho.Lower) ? "–" : Invariant($"[{F(row.Rho.Lower * unit)}, {F(row.Rho.Upper * unit)}]"), row.IsReference ? "yes" : "no",
        }));
        if (r.Scales.Count > 0)
        {
            rows.Add(["", "", "", "", "", "", ""]);
            rows.AddRange(r.Scales.Select(s => new[]
            {
                Invariant($"mean of {s.Scale} ({s.Rows})"), F(s.Id * unit), F(s.Ood * unit), "", F(s.Rho.Estimate * unit),
                double.IsNaN(s.Rho.Lower) ? "–" : Invariant($"[{F(s.Rho.Lower * unit)}, {F(s.Rho.Upper * unit)}]"), "",
            }));
        }

        int[] widths = [.. Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(row => row[c].Length))];
        foreach (string[] row in rows)
        {
            writer.WriteLine(string.Join("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
        }
    }

    private static Link ParseLink(string? text) => text?.ToLowerInvariant() switch
    {
        null or "probit" => Link.Probit,
        "logit" => Link.Logit,
        "none" => Link.None,
        _ => throw new CliException($"--link: '{text}' is not a link; use probit, logit or none."),
    };

    private static int Count(string? text, string flag, int fallback)
        => text is null ? fallback
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n
            : throw new CliException($"{flag}: '{text}' is not a non-negative integer.");

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string I(IntervalEstimate interval)
        => double.IsNaN(interval.Lower) ? F(interval.Estimate) : Invariant($"{F(interval.Estimate)} [{F(interval.Lower)}, {F(interval.Upper)}]");

    private static Option<string?> Text(string name, string helpName, string description) => new(name) { Description = description, HelpName = helpName };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
