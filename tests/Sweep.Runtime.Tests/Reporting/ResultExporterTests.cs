using System.Text;
using System.Text.Json;
using Sweep.Reporting;
using Sweep.Runtime.Tests.Infrastructure;

namespace Sweep.Runtime.Tests.Reporting;

public sealed class ResultExporterTests
{
    [Theory]
    [InlineData("")]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    public void Csv_MatchesTheGoldenFile_InEveryCulture(string culture)
    {
        using StringWriter writer = new();
        using (new CultureScope(culture))
        {
            ResultExporter.WriteCsv(GoldenInputs.Trials, writer);
        }

        Snapshot.Match(writer.ToString(), "csv");
    }

    [Theory]
    [InlineData("")]
    [InlineData("de-DE")]
    public void Json_MatchesTheGoldenFile_InEveryCulture(string culture)
    {
        using MemoryStream stream = new();
        using (new CultureScope(culture))
        {
            ResultExporter.WriteJson(GoldenInputs.Trials, stream);
        }

        string json = Encoding.UTF8.GetString(stream.ToArray());
        using JsonDocument parsed = JsonDocument.Parse(json);
        Assert.Equal(GoldenInputs.Trials.Sum(t => Math.Max(1, t.Metrics.Count)), parsed.RootElement.GetArrayLength());
        Snapshot.Match(json, "json");
    }

    [Fact]
    public void Csv_QuotesFieldsWithCommasQuotesAndLineBreaks_SoTheyReadBack()
    {
        using StringWriter writer = new();
        ResultExporter.WriteCsv(GoldenInputs.Trials, writer);

        List<Dictionary<string, string>> rows = Csv.Records(Csv.Parse(writer.ToString()));

        Dictionary<string, string> failed = rows.Single(r => r["status"] == "failed");
        Assert.Equal("sgd, momentum", failed["Optimizer"]);
        Assert.Equal(GoldenInputs.Trials[^1].Error, failed["error"]);
        Assert.Equal(string.Empty, rows.Single(r => r["key"] == "Width=256;Optimizer=adam;seed=0" && r["evaluation"] == "Shifted")["test_loss"]);
    }
}
