using System.Text.Json;
using Sweep.Reporting;
using Sweep.Storage;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Reporting;

/// <summary>JSON export carries each classifier evaluation's reliability bins, and null where there are none.</summary>
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
    }
}
