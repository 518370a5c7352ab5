using System.Text.RegularExpressions;

namespace Sweep.Runtime.Tests.Cli;

public sealed class PlanCommandTests : IDisposable
{
    private readonly Fakes.TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Plan_ShowsTheTrialCountAfterConstraints_AndCostsInFlops()
    {
        (int code, string output, string error) = await Fakes.Cli.RunAsync("plan", "ridge", "--set", "Features=4,16,64,512", "--out", _folder.Path);

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("ridge: Features(4) × TrainSize(2) × 2 seeds = 16 candidates, 14 trials in this plan", output, StringComparison.Ordinal);
        Assert.Contains("constraints applied", output, StringComparison.Ordinal);
        Assert.Contains("cost/trial (FLOPs)", output, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"│ Features=512 TrainSize=256\s+│ 2\s+│ 0\s+│ [0-9.e+]+\s+│"), output);
        Assert.DoesNotContain("Features=512 TrainSize=64 ", output, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"pending: 14 trials, [0-9.e+]+ FLOPs; already done: 0; stale: 0; failed before \(will rerun\): 0"), output);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "sweep.db")), "plan must not create a store");
    }

    [Fact]
    public async Task Plan_ShowsTheBiggestCellWithTheBiggestShare()
    {
        (int code, string output, _) = await Fakes.Cli.RunAsync("plan", "ridge", "--out", _folder.Path);

        Assert.Equal(0, code);
        Assert.Contains("12 candidates, 12 trials in this plan", output, StringComparison.Ordinal);
        Dictionary<string, double> shares = Regex.Matches(output, @"│ (Features=\d+ TrainSize=\d+)\s+│.*│ ([0-9.]+) %\s*│")
            .ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(6, shares.Count);
        Assert.Equal("Features=64 TrainSize=256", shares.MaxBy(p => p.Value).Key);
        Assert.Equal(100, shares.Values.Sum(), 0.5);
    }

    [Fact]
    public async Task Plan_OfATrialMethodStudy_CountsTrials()
    {
        (int code, string output, _) = await Fakes.Cli.RunAsync("plan", "toy", "--out", _folder.Path);

        Assert.Equal(0, code);
        Assert.Contains("cost/trial (trials)", output, StringComparison.Ordinal);
        Assert.Contains("pending: 12 trials, 12 trials;", output, StringComparison.Ordinal);
    }
}
