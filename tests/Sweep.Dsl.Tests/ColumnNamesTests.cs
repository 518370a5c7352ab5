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
            [
                Metric.TestLoss, Metric.TrainLoss, Metric.TestAccuracy, Metric.CalibrationError, Metric.Parameters, Metric.Tokens, Metric.Flops,
                Metric.MaxCalibrationError, Metric.Brier, Metric.NegativeLogLikelihood, Metric.Temperature, Metric.CalibratedError,
                Metric.CalibratedNegativeLogLikelihood, Metric.MspAuroc,
                Metric.FittedVariance, Metric.TailMass, Metric.Wasserstein2, Metric.KlDivergence, Metric.TotalVariation, Metric.Perplexity,
                Metric.VocabularyCoverage, Metric.ExcessLoss,
            ],
            Metric.Engine);
        Assert.Equal(
            [
                "test_loss", "train_loss", "test_accuracy", "ece", "model_parameters", "train_tokens", "train_flops",
                "mce", "brier", "nll", "softmax_temperature", "ece_calibrated", "nll_calibrated", "msp_auroc",
                "fitted_variance", "tail_mass", "w2_distance", "kl_divergence", "tv_distance", "perplexity", "vocabulary_coverage", "excess_loss",
            ],
            Metric.Engine);
        Assert.DoesNotContain(Metric.WallSeconds, Metric.Engine);

        // Every metric constant but the wall time is one the engine records, so a study's columns and laws are checked against it.
        string[] constants = [.. typeof(Metric).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)];
        Assert.Equal(constants.Where(c => c != Metric.WallSeconds).Order(StringComparer.Ordinal), Metric.Engine.Order(StringComparer.Ordinal));
        Assert.Equal(Metric.Engine.Count, Metric.Engine.Distinct(StringComparer.OrdinalIgnoreCase).Count());
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
