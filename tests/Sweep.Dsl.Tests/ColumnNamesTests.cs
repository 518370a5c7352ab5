namespace Sweep.Dsl.Tests;

/// <summary>
/// The fixed column names: the engine's metrics and the result columns are distinct ignoring case and do not
/// overlap, so the namespace a study's own columns must avoid (SWP2010) is well defined.
/// </summary>
public sealed class ColumnNamesTests
{
    [Fact]
    public void EngineMetrics_AreTheMetricConstantsTheEngineRecords()
    {
        Assert.Equal(
            [Metric.TestLoss, Metric.TrainLoss, Metric.TestAccuracy, Metric.CalibrationError, Metric.Parameters, Metric.Tokens, Metric.Flops],
            Metric.Engine);
        Assert.Equal(["test_loss", "train_loss", "test_accuracy", "ece", "model_parameters", "train_tokens", "train_flops"], Metric.Engine);
        Assert.DoesNotContain(Metric.WallSeconds, Metric.Engine);
    }

    [Fact]
    public void ResultColumns_AreTheFixedColumnsOfEveryResultsTable()
    {
        Assert.Equal(
            [ResultColumns.Key, ResultColumns.Seed, ResultColumns.Evaluation, ResultColumns.WallSeconds, ResultColumns.Backend, ResultColumns.Status, ResultColumns.Error],
            ResultColumns.Reserved);
        Assert.Equal(Metric.WallSeconds, ResultColumns.WallSeconds);
        Assert.Equal(GridOptions.SeedAxis, ResultColumns.Seed);
    }

    [Fact]
    public void FixedNames_AreDistinctIgnoringCaseAndDoNotOverlap()
    {
        string[] all = [.. Metric.Engine, .. ResultColumns.Reserved];

        Assert.Equal(all.Length, all.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(all, name => Assert.Equal(name.ToLowerInvariant(), name));
    }
}
