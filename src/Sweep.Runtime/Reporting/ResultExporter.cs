using System.Text;
using System.Text.Json;
using Sweep.Storage;

namespace Sweep.Reporting;

/// <summary>
/// Writes a study's stored results as CSV or JSON: one row per trial × evaluation (a failed trial is one row
/// with its error), with axis, derived and metric columns. Culture-invariant, round-trip numbers.
/// </summary>
public static class ResultExporter
{
    /// <summary>Writes CSV (RFC 4180 quoting).</summary>
    /// <param name="trials">The trials of one or more studies.</param>
    /// <param name="writer">Where to write.</param>
    public static void WriteCsv(IReadOnlyList<StoredTrial> trials, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(writer);
        string[] axes = Columns(trials.SelectMany(t => t.Axes.Select(a => a.Key)));
        string[] derived = Columns(trials.SelectMany(t => t.Derived.Select(d => d.Key)));
        string[] metrics = trials.SelectMany(t => t.Metrics.Values.SelectMany(m => m.Keys)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

        List<string> header = ["study", "key", "seed", .. axes, .. derived, "evaluation", .. metrics, "wall_seconds", "backend", "status", "error"];
        writer.WriteLine(string.Join(",", header.Select(Quote)));
        foreach ((StoredTrial trial, string? evaluation) in Rows(trials))
        {
            List<string> row = Identity(trial, axes, derived, evaluation);
            IReadOnlyDictionary<string, double>? values = evaluation is null ? null : trial.Metrics[evaluation];
            row.AddRange(metrics.Select(m => values is not null && values.TryGetValue(m, out double v) ? NumberFormat.Exact(v) : string.Empty));
            row.Add(NumberFormat.Exact(trial.WallSeconds));
            row.Add(trial.Backend);
            row.Add(trial.Status == TrialStatus.Done ? "done" : "failed");
            row.Add(trial.Error ?? string.Empty);
            writer.WriteLine(string.Join(",", row.Select(Quote)));
        }
    }

    /// <summary>
    /// Writes the reliability bins as long-format CSV: one row per trial × evaluation × model × bin (study, key, seed,
    /// axes, derived values, evaluation, model, bin, lower, upper, count, confidence, accuracy), for the evaluations that
    /// have a diagram (a softmax classifier's). The model is <c>as-trained</c>, or <c>temperature-scaled</c> for
    /// softmax(logits / T) where a temperature was fitted; an empty bin's confidence and accuracy are empty fields.
    /// </summary>
    /// <param name="trials">The trials of one or more studies.</param>
    /// <param name="writer">Where to write.</param>
    /// <returns>The rows written (bins).</returns>
    public static int WriteReliabilityCsv(IReadOnlyList<StoredTrial> trials, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(writer);
        string[] axes = Columns(trials.SelectMany(t => t.Axes.Select(a => a.Key)));
        string[] derived = Columns(trials.SelectMany(t => t.Derived.Select(d => d.Key)));
        List<string> header = ["study", "key", "seed", .. axes, .. derived, "evaluation", "model", "bin", "lower", "upper", "count", "confidence", "accuracy"];
        writer.WriteLine(string.Join(",", header.Select(Quote)));
        int written = 0;
        foreach ((StoredTrial trial, string? evaluation) in Rows(trials))
        {
            if (evaluation is null)
            {
                continue;
            }

            foreach ((string model, IReadOnlyDictionary<string, Training.ReliabilityDiagram> diagrams) in new[] { ("as-trained", trial.Reliability), ("temperature-scaled", trial.CalibratedReliability) })
            {
                if (!diagrams.TryGetValue(evaluation, out Training.ReliabilityDiagram? diagram))
                {
                    continue;
                }

                List<string> prefix = [.. Identity(trial, axes, derived, evaluation), model];
                foreach (Training.ReliabilityBin bin in diagram.Bins)
                {
                    string Measured(double value) => bin.Count == 0 ? string.Empty : NumberFormat.Exact(value);
                    List<string> row = [.. prefix, bin.Bin.ToString(System.Globalization.CultureInfo.InvariantCulture), NumberFormat.Exact(bin.Lower), NumberFormat.Exact(bin.Upper),
                        bin.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Measured(bin.Confidence), Measured(bin.Accuracy)];
                    writer.WriteLine(string.Join(",", row.Select(Quote)));
                    written++;
                }
            }
        }

        return written;
    }

    /// <summary>
    /// Writes a JSON array of row objects; a softmax classifier's rows carry their reliability bins, and those of the
    /// temperature-scaled model where a temperature was fitted (<c>calibrated_reliability</c>; in CSV they are
    /// <see cref="WriteReliabilityCsv"/>'s own table).
    /// </summary>
    /// <param name="trials">The trials of one or more studies.</param>
    /// <param name="stream">Where to write (UTF-8).</param>
    public static void WriteJson(IReadOnlyList<StoredTrial> trials, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(trials);
        using Utf8JsonWriter json = new(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartArray();
        foreach ((StoredTrial trial, string? evaluation) in Rows(trials))
        {
            json.WriteStartObject();
            json.WriteString("study", trial.Study);
            json.WriteString("key", trial.Key);
            json.WriteNumber("seed", trial.Seed);
            WriteValues(json, "axes", trial.Axes);
            WriteValues(json, "derived", trial.Derived);
            json.WriteString("evaluation", evaluation);
            json.WriteStartObject("metrics");
            if (evaluation is not null)
            {
                foreach ((string name, double value) in trial.Metrics[evaluation].OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    WriteNumber(json, name, value);
                }
            }

            json.WriteEndObject();
            WriteReliability(json, "reliability", evaluation is not null && trial.Reliability.TryGetValue(evaluation, out Training.ReliabilityDiagram? diagram) ? diagram : null);
            WriteReliability(json, "calibrated_reliability", evaluation is not null && trial.CalibratedReliability.TryGetValue(evaluation, out Training.ReliabilityDiagram? scaled) ? scaled : null);
            json.WriteNumber("wall_seconds", trial.WallSeconds);
            json.WriteString("backend", trial.Backend);
            json.WriteString("status", trial.Status == TrialStatus.Done ? "done" : "failed");
            json.WriteString("error", trial.Error);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>An evaluation's reliability bins (a softmax classifier's, as trained or temperature-scaled), or null: bin, its edges, count, mean confidence, accuracy.</summary>
    private static void WriteReliability(Utf8JsonWriter json, string property, Training.ReliabilityDiagram? diagram)
    {
        if (diagram is null)
        {
            json.WriteNull(property);
            return;
        }

        json.WriteStartArray(property);
        foreach (Training.ReliabilityBin bin in diagram.Bins)
        {
            json.WriteStartObject();
            json.WriteNumber("bin", bin.Bin);
            WriteNumber(json, "lower", bin.Lower);
            WriteNumber(json, "upper", bin.Upper);
            json.WriteNumber("count", bin.Count);
            WriteNumber(json, "confidence", bin.Count == 0 ? double.NaN : bin.Confidence);
            WriteNumber(json, "accuracy", bin.Count == 0 ? double.NaN : bin.Accuracy);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The fields every CSV row starts with: study, key, seed, each axis and derived value, the evaluation.</summary>
    private static List<string> Identity(StoredTrial trial, string[] axes, string[] derived, string? evaluation)
    {
        List<string> row = [trial.Study, trial.Key, trial.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        row.AddRange(axes.Select(a => trial.Axis(a)?.Text ?? string.Empty));
        row.AddRange(derived.Select(d => trial.Derived.FirstOrDefault(p => p.Key == d).Value.Text ?? string.Empty));
        row.Add(evaluation ?? string.Empty);
        return row;
    }

    private static IEnumerable<(StoredTrial Trial, string? Evaluation)> Rows(IReadOnlyList<StoredTrial> trials)
    {
        foreach (StoredTrial trial in trials)
        {
            if (trial.Metrics.Count == 0)
            {
                yield return (trial, null);
                continue;
            }

            foreach (string evaluation in trial.Metrics.Keys)
            {
                yield return (trial, evaluation);
            }
        }
    }

    private static string[] Columns(IEnumerable<string> names)
    {
        List<string> ordered = [];
        HashSet<string> seen = new(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (seen.Add(name))
            {
                ordered.Add(name);
            }
        }

        return [.. ordered];
    }

    private static void WriteValues(Utf8JsonWriter json, string property, IReadOnlyList<KeyValuePair<string, StoredValue>> values)
    {
        json.WriteStartObject(property);
        foreach ((string name, StoredValue value) in values)
        {
            if (value.Number is double number && value.Text is not ("true" or "false"))
            {
                WriteNumber(json, name, number);
            }
            else if (value.Text is "true" or "false")
            {
                json.WriteBoolean(name, value.Text == "true");
            }
            else
            {
                json.WriteString(name, value.Text);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Quote(string field)
    {
        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return field;
        }

        StringBuilder quoted = new(field.Length + 2);
        quoted.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        return quoted.ToString();
    }
}
