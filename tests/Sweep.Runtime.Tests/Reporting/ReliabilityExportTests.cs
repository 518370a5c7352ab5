using System.Text.Json;
using Sweep.Reporting;
using Sweep.Storage;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Reporting;

/// <summary>JSON export carries each classifier evaluation's reliability bins, and null where there are none; the CSV export writes them as their own long table.</summary>
public sealed class ReliabilityExportTests
{
    [Fact]
    public void JsonRows_CarryTheirEvaluationsBins_AndNullWithoutADiagram()
    {
        ReliabilityDiagram clean = EvaluationMetrics.Reliability([0.9, 0.9, 0.9, 0.9, 0.5], [true, true, true, false, true]);
        StoredTrial done = GoldenInputs.Trials.First(t => t.Status == TrialStatus.Done && t.Metrics.Count >= 1);
        string evaluation = done.Metrics.Keys.First();
        StoredTrial trial = done with { Reliability = new Dictionary<string, ReliabilityDiagram>(StringComparer.Ordinal) { [evaluation] = clean } };
        using var stream = new MemoryStream();

        ResultExporter.WriteJson([trial], stream);

        using JsonDocument document = JsonDocument.Parse(stream.ToArray());
        JsonElement[] rows = [.. document.RootElement.EnumerateArray()];
        JsonElement withBins = rows.Single(r => r.GetProperty("evaluation").GetString() == evaluation);
        JsonElement[] bins = [.. withBins.GetProperty("reliability").EnumerateArray()];
        Assert.Equal(EvaluationMetrics.CalibrationBins, bins.Length);
        Assert.Equal(5, bins.Sum(b => b.GetProperty("count").GetInt32()));
        JsonElement b13 = bins[13];
        Assert.Equal((13, 4), (b13.GetProperty("bin").GetInt32(), b13.GetProperty("count").GetInt32()));
        Assert.Equal(0.9, b13.GetProperty("confidence").GetDouble(), 12);
        Assert.Equal(0.75, b13.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(13.0 / 15, b13.GetProperty("lower").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, bins[0].GetProperty("confidence").ValueKind);
        Assert.All(rows.Where(r => r.GetProperty("evaluation").GetString() != evaluation), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("reliability").ValueKind));
        Assert.All(rows, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("calibrated_reliability").ValueKind));
    }

    [Fact]
    public void TheTemperatureScaledBins_ComeAsCalibratedReliabilityInJson_AndAsTheirOwnModelInCsv()
    {
        ReliabilityDiagram clean = EvaluationMetrics.Reliability([0.9, 0.9, 0.9, 0.9, 0.5], [true, true, true, false, true]);
        ReliabilityDiagram scaled = EvaluationMetrics.Reliability([0.75, 0.75, 0.75, 0.75, 0.45], [true, true, true, false, true]);
        StoredTrial done = GoldenInputs.Trials.First(t => t.Status == TrialStatus.Done && t.Metrics.Count >= 1);
        string evaluation = done.Metrics.Keys.First();
        StoredTrial trial = done with
        {
            Reliability = new Dictionary<string, ReliabilityDiagram>(StringComparer.Ordinal) { [evaluation] = clean },
            CalibratedReliability = new Dictionary<string, ReliabilityDiagram>(StringComparer.Ordinal) { [evaluation] = scaled },
        };
        using var stream = new MemoryStream();
        using var writer = new StringWriter();

        ResultExporter.WriteJson([trial], stream);
        int written = ResultExporter.WriteReliabilityCsv([trial], writer);

        using JsonDocument document = JsonDocument.Parse(stream.ToArray());
        JsonElement row = document.RootElement.EnumerateArray().Single(r => r.GetProperty("evaluation").GetString() == evaluation);
        JsonElement[] bins = [.. row.GetProperty("calibrated_reliability").EnumerateArray()];
        Assert.Equal(EvaluationMetrics.CalibrationBins, bins.Length);
        Assert.Equal((4, 0.75, 0.75), (bins[11].GetProperty("count").GetInt32(), bins[11].GetProperty("confidence").GetDouble(), bins[11].GetProperty("accuracy").GetDouble()));
        Assert.Equal(4, row.GetProperty("reliability").EnumerateArray().ElementAt(13).GetProperty("count").GetInt32());

        string[][] csv = [.. writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.TrimEnd('\r').Split(','))];
        Assert.Equal(2 * EvaluationMetrics.CalibrationBins, written);
        Assert.Equal(["as-trained", "temperature-scaled"], csv.Select(r => r[^7]).Distinct());
        string[] scaledBin = csv.Single(r => r[^7] == "temperature-scaled" && r[^6] == "11");
        Assert.Equal(("4", 0.75), (scaledBin[^3], double.Parse(scaledBin[^2], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void ReliabilityCsv_HasOneRowPerBin_OfEveryEvaluationWithADiagram_AndItsEceIsTheStoredOne()
    {
        double[] confidences = [0.9, 0.9, 0.9, 0.9, 0.5, 0.71, 0.35];
        bool[] correct = [true, true, true, false, true, false, true];
        ReliabilityDiagram clean = EvaluationMetrics.Reliability(confidences, correct);
        StoredTrial done = GoldenInputs.Trials.First(t => t.Status == TrialStatus.Done && t.Metrics.Count >= 1);
        string evaluation = done.Metrics.Keys.First();
        StoredTrial trial = done with { Reliability = new Dictionary<string, ReliabilityDiagram>(StringComparer.Ordinal) { [evaluation] = clean } };
        using var writer = new StringWriter();

        int written = ResultExporter.WriteReliabilityCsv([trial, .. GoldenInputs.Trials.Where(t => t.Key != trial.Key)], writer);

        string[] lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] header = lines[0].TrimEnd('\r').Split(',');
        Assert.Equal(EvaluationMetrics.CalibrationBins, written);
        Assert.Equal(written + 1, lines.Length);
        Assert.Equal(["evaluation", "model", "bin", "lower", "upper", "count", "confidence", "accuracy"], header[^8..]);
        Assert.Equal(["study", "key", "seed"], header[..3]);

        // The bins read back give the same ECE as the diagram: Σ (n_b / n)·|accuracy_b − confidence_b|.
        string[][] rows = [.. lines.Skip(1).Select(l => l.TrimEnd('\r').Split(','))];
        Assert.All(rows, r => Assert.Equal((evaluation, "as-trained"), (r[^8], r[^7])));
        Assert.Equal(Enumerable.Range(0, EvaluationMetrics.CalibrationBins).Select(b => b.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r[^6]));
        double n = rows.Sum(r => int.Parse(r[^3], System.Globalization.CultureInfo.InvariantCulture));
        double ece = rows.Where(r => r[^2].Length > 0).Sum(r => int.Parse(r[^3], System.Globalization.CultureInfo.InvariantCulture) / n
            * Math.Abs(double.Parse(r[^1], System.Globalization.CultureInfo.InvariantCulture) - double.Parse(r[^2], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(confidences.Length, n);
        Assert.Equal(clean.ExpectedCalibrationError, ece, 12);
        Assert.All(rows.Where(r => r[^3] == "0"), r => Assert.Equal((string.Empty, string.Empty), (r[^2], r[^1])));
    }
}
