using System.Text.RegularExpressions;
using Quickstart;
using Sweep.Analysis;
using Sweep.Hosting;

namespace Sweep.IntegrationTests.Examples;

/// <summary>
/// The quickstart's <c>[Law]</c>, read through the generated <c>DescribeLaws</c>: after a run on a reduced grid its
/// report shows one fitted power law per <c>TrainSize</c>, with intervals, and <c>fit</c> gives the same fits as JSON.
/// </summary>
public sealed class QuickstartExampleTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "sweep-examples", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [Fact]
    public async Task Report_ShowsThreeFittedPowerLaws_OnePerTrainSize()
    {
        using StringWriter output = new();
        using StringWriter error = new();
        SweepAppOptions options = new()
        {
            Output = output,
            Error = error,
            Interactive = false,
            HandleSignals = false,
            Studies = [QuickstartStudy.Definition],
        };

        int code = await SweepApp.RunAsync(["run", "quickstart", "--out", _out, "--set", "Features=8,16,32,64,128", "--seeds", "2"], options);

        Assert.True(code == 0, output.ToString() + error);
        Assert.Contains("quickstart, law LossVsFeatures: y = E + A*x^-alpha (x = Features, y = test_loss, evaluation Clean; 95% bootstrap intervals)", output.ToString(), StringComparison.Ordinal);
        string report = File.ReadAllText(Path.Combine(_out, "report-quickstart.md"));
        Assert.Contains("### LossVsFeatures", report, StringComparison.Ordinal);
        const string Interval = @"[0-9.e+-]+ \[[0-9.e+-]+, [0-9.e+-]+\]";
        foreach (int trainSize in new[] { 256, 1024, 4096 })
        {
            Assert.Matches(new Regex($@"^\| {trainSize} \| 10 \| {Interval} \| {Interval} \| {Interval} \| converged \(", RegexOptions.Multiline), report);
        }

        output.GetStringBuilder().Clear();
        code = await SweepApp.RunAsync(["fit", "--data", Path.Combine(_out, "sweep.db"), "--study", "quickstart", "--bootstrap", "20", "--json"], options);

        Assert.True(code == 0, error.ToString());
        LawResults fits = AnalysisJson.Deserialize<LawResults>(output.ToString())!;
        Assert.Equal(["256", "1024", "4096"], fits.Fits.Select(f => f.Group));
        Assert.All(fits.Fits, f => Assert.InRange(f.Report!.Parameters.Single(p => p.Name == "alpha").Estimate, 0.05, 3));
    }
}
