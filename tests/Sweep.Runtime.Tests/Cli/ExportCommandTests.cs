using System.Globalization;
using System.Text.Json;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Runtime.Tests.Infrastructure;
using Sweep.Runtime.Tests.Running;

namespace Sweep.Runtime.Tests.Cli;

[Collection(ToyStudyCollection.Name)]
public sealed class ExportCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public ExportCommandTests() => ToyStudy.Reset();

    public void Dispose()
    {
        ToyStudy.Reset();
        _folder.Dispose();
    }

    private async Task<string> RunAndExportCsv(string folder)
    {
        ToyStudy.FailingWidths.Add(4);
        (int ran, _, _) = await Fakes.Cli.RunAsync("run", "toy", "--out", folder, "--no-report");
        Assert.Equal(1, ran);
        (int code, string csv, string error) = await Fakes.Cli.RunAsync("export", "toy", "--format", "csv", "--out", folder);
        Assert.Equal(0, code);
        Assert.Empty(error);
        return csv;
    }

    [Fact]
    public async Task Csv_HasAHeaderAndOneRowPerTrialAndEvaluation_WithInvariantNumbers()
    {
        string csv = await RunAndExportCsv(_folder.Path);

        List<string[]> rows = Csv.Parse(csv);
        Assert.Equal(["study", "key", "seed", "Width", "Mode", "Parameters", "evaluation", "test_loss", "wall_seconds", "backend", "status", "error"], rows[0]);
        List<Dictionary<string, string>> records = Csv.Records(rows);
        Assert.Equal(8 * 2 + 4, records.Count);
        Dictionary<string, string> shifted = records.Single(r => r["key"] == "Width=2;Mode=b;seed=1" && r["evaluation"] == "shifted");
        Assert.Equal(11.0, double.Parse(shifted["test_loss"], CultureInfo.InvariantCulture));
        Assert.Equal("20", shifted["Parameters"]);
        Assert.Equal(0.5 + 10 + 0.01, double.Parse(records.Single(r => r["key"] == "Width=2;Mode=b;seed=1" && r["evaluation"] == "test")["test_loss"], CultureInfo.InvariantCulture));
        List<Dictionary<string, string>> failed = records.Where(r => r["status"] == "failed").ToList();
        Assert.Equal(4, failed.Count);
        Assert.All(failed, r => Assert.Equal((string.Empty, string.Empty), (r["evaluation"], r["test_loss"])));
        Assert.All(failed, r => Assert.StartsWith("InvalidOperationException: width 4 is cursed", r["error"], StringComparison.Ordinal));
        Assert.All(records, r => Assert.True(double.TryParse(r["wall_seconds"], NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s >= 0));
    }

    [Fact]
    public async Task Csv_UnderACommaDecimalCulture_IsTheSame()
    {
        string invariant = WithoutWallTime(await RunAndExportCsv(_folder.File("invariant")));
        ToyStudy.Reset();

        string german;
        using (new CultureScope("de-DE"))
        {
            german = WithoutWallTime(await RunAndExportCsv(_folder.File("german")));
        }

        Assert.Equal(invariant, german);
        Assert.Contains("10.51", german, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_ParsesAsOneObjectPerTrialAndEvaluation_WithTypedAxes()
    {
        await RunAndExportCsv(_folder.Path);

        (int code, string json, _) = await Fakes.Cli.RunAsync("export", "--format", "json", "--out", _folder.Path);

        Assert.Equal(0, code);
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement[] rows = [.. document.RootElement.EnumerateArray()];
        Assert.Equal(20, rows.Length);
        JsonElement row = rows.Single(r => r.GetProperty("key").GetString() == "Width=1;Mode=a;seed=1" && r.GetProperty("evaluation").GetString() == "test");
        Assert.Equal(1, row.GetProperty("axes").GetProperty("Width").GetInt32());
        Assert.Equal("a", row.GetProperty("axes").GetProperty("Mode").GetString());
        Assert.Equal(10.0, row.GetProperty("derived").GetProperty("Parameters").GetDouble());
        Assert.Equal(1.01, row.GetProperty("metrics").GetProperty("test_loss").GetDouble(), 12);
        Assert.Equal("done", row.GetProperty("status").GetString());
        JsonElement failed = rows.First(r => r.GetProperty("status").GetString() == "failed");
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("evaluation").ValueKind);
        Assert.Contains("cursed", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_ToAFile_WritesItThere()
    {
        await RunAndExportCsv(_folder.Path);
        string file = _folder.File("out.csv");

        (int code, string output, string error) = await Fakes.Cli.RunAsync("export", "--out", _folder.Path, "-o", file);

        Assert.Equal(0, code);
        Assert.Empty(output);
        Assert.Contains($"wrote 12 trials to {file}", error, StringComparison.Ordinal);
        Assert.Equal(21, Csv.Parse(File.ReadAllText(file)).Count);
    }

    [Fact]
    public async Task Reliability_WithoutDiagrams_WritesTheHeaderAndSaysWhy_AndWithJsonIsRefused()
    {
        await RunAndExportCsv(_folder.Path);

        (int code, string csv, string error) = await Fakes.Cli.RunAsync("export", "toy", "--out", _folder.Path, "--reliability");
        (int refused, _, string why) = await Fakes.Cli.RunAsync("export", "toy", "--out", _folder.Path, "--format", "json", "--reliability");

        Assert.Equal(0, code);
        List<string[]> rows = Csv.Parse(csv);
        Assert.Equal(["study", "key", "seed", "Width", "Mode", "Parameters", "evaluation", "model", "bin", "lower", "upper", "count", "confidence", "accuracy"], Assert.Single(rows));
        Assert.Contains("no reliability bins: none of these trials is a softmax classifier", error, StringComparison.Ordinal);
        Assert.Equal(2, refused);
        Assert.Contains("--reliability: JSON rows already carry their bins", why, StringComparison.Ordinal);
    }

    private static string WithoutWallTime(string csv)
    {
        List<string[]> rows = Csv.Parse(csv);
        int column = Array.IndexOf(rows[0], "wall_seconds");
        int error = Array.IndexOf(rows[0], "error");
        return string.Join("\n", rows.Select(r => string.Join("|", r.Select((field, i) => i == column ? "?" : i == error ? field.Split('\n')[0] : field))));
    }
}
