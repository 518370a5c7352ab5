using Sweep.Kernels;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Training;

/// <summary>
/// The robustness shifts: a label shift changes the class priors as declared and nothing else, corruptions change
/// inputs at their stated severities, and the MSP AUROC matches a brute-force pair count and is recorded per shifted evaluation.
/// </summary>
public sealed class RobustShiftTests : IDisposable
{
    private static readonly GaussianMixtureData s_mixture = DataSpec.GaussianMixture(inputs: 6, classes: 4, separation: 3.0, train: 512, test: 8000);
    private readonly ComputeBackend _cpu = ComputeBackends.Create(BackendKind.Cpu, new BackendOptions(Threads: 2));

    public void Dispose() => _cpu.Dispose();

    [Fact]
    public void LabelShift_DrawsClassesAtTheDeclaredPriors_WithinThreeStandardErrors()
    {
        double[] priors = [0.7, 0.2, 0.1, 0.0];

        Dataset shifted = SyntheticData.Test(s_mixture, 5, ShiftSpec.LabelShift(priors));

        Assert.Equal(s_mixture.Test, shifted.Rows);
        for (int c = 0; c < priors.Length; c++)
        {
            double share = shifted.Y.Count(y => (int)y == c) / (double)shifted.Rows;
            double se = Math.Sqrt(priors[c] * (1 - priors[c]) / shifted.Rows);
            Assert.True(Math.Abs(share - priors[c]) <= (3 * se) + 1e-12, $"class {c}: {share:F4} vs prior {priors[c]}");
        }
    }

    [Fact]
    public void LabelShift_KeepsEachClassesInputs_RowsAreCleanRowsOfTheirClass()
    {
        Dataset clean = SyntheticData.Test(s_mixture, 5, ShiftSpec.None);
        Dataset shifted = SyntheticData.Test(s_mixture, 5, ShiftSpec.LabelShift(0.25, 0.25, 0.25, 0.25));
        HashSet<string> cleanRows = [.. Enumerable.Range(0, clean.Rows).Select(i => Row(clean, i))];

        Assert.All(Enumerable.Range(0, shifted.Rows), i => Assert.Contains(Row(shifted, i), cleanRows));
    }

    [Fact]
    public void LabelShift_IsRefusedWithTheWrongClassCount_OrPriorsNotSummingToOne()
    {
        Assert.Throws<ArgumentException>(() => ShiftSpec.LabelShift(0.5, 0.6));
        Assert.Throws<ArgumentException>(() => ShiftSpec.LabelShift(1.0));
        Assert.Throws<ArgumentException>(() => ShiftSpec.LabelShift(-0.5, 1.5));
        TrialSpec spec = new(s_mixture, ModelSpec.Mlp(8), TrainSpec.Adam(lr: 1e-3, steps: 10, batch: 32), [new("skew", ShiftSpec.LabelShift(0.5, 0.5))]);
        Assert.Contains(SpecValidation.Errors(spec), e => e.Contains("2 class priors, but the data have 4 classes", StringComparison.Ordinal));
    }

    [Fact]
    public void LabelShifts_WithDifferentPriors_HaveDifferentTextAndAreUnequal()
    {
        LabelShift a = ShiftSpec.LabelShift(0.5, 0.5), b = ShiftSpec.LabelShift(0.25, 0.75), a2 = ShiftSpec.LabelShift(0.5, 0.5);

        Assert.Equal(a, a2);
        Assert.Equal(a.GetHashCode(), a2.GetHashCode());
        Assert.NotEqual(a, b);
        Assert.Contains("Priors = [0.5, 0.5]", a.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(a.ToString(), b.ToString());
    }

    [Theory]
    [InlineData(Corruption.Dropout, 3, 0.3)]
    [InlineData(Corruption.Impulse, 5, 0.2)]
    public void Corruption_ChangesTheStatedShareOfCoordinates(Corruption kind, int severity, double share)
    {
        Dataset clean = SyntheticData.Test(s_mixture, 2, ShiftSpec.None);
        Dataset corrupted = SyntheticData.Test(s_mixture, 2, ShiftSpec.Corruption(kind, severity));

        double changed = clean.X.Zip(corrupted.X).Count(p => p.First != p.Second) / (double)clean.X.Length;
        Assert.Equal(share, changed, 0.01);
        Assert.Equal(clean.Y, corrupted.Y);
    }

    [Fact]
    public void Corruption_ContrastAndNoise_ScaleWithSeverity()
    {
        Dataset clean = SyntheticData.Test(s_mixture, 2, ShiftSpec.None);
        Dataset contrast = SyntheticData.Test(s_mixture, 2, ShiftSpec.Corruption(Corruption.Contrast, 4));
        Dataset noise = SyntheticData.Test(s_mixture, 2, ShiftSpec.Corruption(Corruption.GaussianNoise, 5));

        Assert.All(Enumerable.Range(0, clean.X.Length), i => Assert.Equal(0.3 * clean.X[i], contrast.X[i], 1e-5));
        double sd = Math.Sqrt(clean.X.Zip(noise.X).Average(p => (p.Second - p.First) * (double)(p.Second - p.First)));
        Assert.Equal(1.0, sd, 0.02);
        Assert.Throws<ArgumentOutOfRangeException>(() => ShiftSpec.Corruption(Corruption.Impulse, 6));
    }

    [Fact]
    public void Auroc_MatchesABruteForcePairCount_WithTies()
    {
        var rng = new Random(9);
        double[] positive = [.. Enumerable.Range(0, 300).Select(_ => Math.Round(rng.NextDouble() + 0.3, 1))];
        double[] negative = [.. Enumerable.Range(0, 200).Select(_ => Math.Round(rng.NextDouble(), 1))];

        double pairs = 0;
        foreach (double p in positive)
        {
            foreach (double n in negative)
            {
                pairs += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }

        Assert.Equal(pairs / (positive.Length * negative.Length), EvaluationMetrics.Auroc(positive, negative), 12);
        Assert.Equal(0.5, EvaluationMetrics.Auroc([1, 1], [1, 1, 1]), 12);
        Assert.Equal(1.0, EvaluationMetrics.Auroc([3, 4], [1, 2]), 12);
    }

    [Fact]
    public void Trial_RecordsMspAuroc_ForShiftedEvaluations_ShrunkInputsAreDetected_WiderOnesAreNot()
    {
        NamedEvaluation[] evaluations =
        [
            new("clean", ShiftSpec.None), new("skew", ShiftSpec.LabelShift(0.4, 0.3, 0.2, 0.1)), new("wider", ShiftSpec.Covariate(3.0)),
            new("contrast", ShiftSpec.Corruption(Corruption.Contrast, 5)),
        ];
        TrialSpec spec = new(s_mixture, ModelSpec.Mlp(32), TrainSpec.Adam(lr: 1e-2, steps: 300, batch: 128), evaluations);

        TrialResult result = TrialTraining.Run(_cpu, new TrainingTrial(spec, 3), TestContext.Current.CancellationToken);

        Assert.Null(result.Evaluations[0].MspAuroc);
        double skew = result.Evaluations[1].MspAuroc!.Value, wider = result.Evaluations[2].MspAuroc!.Value, contrast = result.Evaluations[3].MspAuroc!.Value;
        string measured = $"skew {skew:F3}, wider {wider:F3}, contrast {contrast:F3}";

        // A label shift keeps each class's inputs, so their MSP hardly separates from the clean ones. Inputs shrunk
        // towards the origin fall between the class means, where the model is unsure: the MSP detects them. Inputs
        // spread three times wider are not detected: a ReLU network's logits grow along every ray from the data, so it is
        // *more* confident far away (Hein et al. 2019), and the AUROC falls below chance.
        Assert.InRange(skew, 0.4, 0.6);
        Assert.True(contrast > 0.8, measured);
        Assert.True(wider < 0.5, measured);
        Assert.Contains(KernelsEngine.Metrics(result), m => m.Evaluation == "wider" && m.Name == Metric.MspAuroc);
        Assert.DoesNotContain(KernelsEngine.Metrics(result), m => m.Evaluation == "clean" && m.Name == Metric.MspAuroc);
    }

    [Fact]
    public void AdversarialTraining_BuysAccuracyUnderAttack_AndCountsItsCompute()
    {
        // The adversarial-scale example's task at width 16 (measured there: 0.29 standard, 0.49 adversarial under attack).
        DataSpec data = DataSpec.TeacherStudent(inputs: 16, teacherWidth: 32, classes: 4, train: 4096, test: 1000);
        NamedEvaluation[] evaluations = [new("clean", ShiftSpec.None), new("pgd", ShiftSpec.Pgd(0.2, steps: 10)), new("pgd2", ShiftSpec.Pgd(0.8, steps: 10, norm: AttackNorm.L2))];
        GradientTrain standard = TrainSpec.Adam(lr: 3e-3, steps: 500, batch: 128);
        GradientTrain robust = standard with { Adversarial = AdversarialTraining.Pgd(epsilon: 0.2, steps: 3) };
        TrialSpec plain = new(data, ModelSpec.Mlp(16, 16), standard, evaluations), adversarial = plain with { Train = robust };

        TrialResult a = TrialTraining.Run(_cpu, new TrainingTrial(plain, 4), TestContext.Current.CancellationToken);
        TrialResult b = TrialTraining.Run(_cpu, new TrainingTrial(adversarial, 4), TestContext.Current.CancellationToken);

        Assert.True(b.Evaluations[1].Accuracy > a.Evaluations[1].Accuracy + 0.1, $"PGD accuracy {a.Evaluations[1].Accuracy:F3} standard, {b.Evaluations[1].Accuracy:F3} adversarial");
        Assert.True(a.Evaluations[2].Accuracy < a.Evaluations[0].Accuracy, "the L2 attack costs accuracy");
        Assert.NotEqual(TrialTraining.BatchKey(plain), TrialTraining.BatchKey(adversarial));
        Assert.NotEqual(TrialTraining.BatchKey(adversarial), TrialTraining.BatchKey(plain with { Train = robust with { Adversarial = AdversarialTraining.Fgsm(0.3) } }));

        // Per sample and step: the usual forward and backward, plus 3 attack steps of 2 forward passes each.
        var shape = new MlpShape(16, [16, 16], 4, ActivationKind.Relu);
        Assert.Equal(500.0 * 128 * (shape.TrainingFlopsPerSample + (6.0 * shape.ForwardFlopsPerSample)), TrainingCost.TrainingFlops(adversarial), 1e-6);
    }

    [Fact]
    public void PerturbedTraining_OfRandomFeatures_AndL2AttacksOnLeastSquares_AreAccepted()
    {
        DataSpec data = DataSpec.GaussianMixture(inputs: 4, classes: 2, train: 64, test: 64);
        TrialSpec features = new(data, ModelSpec.RandomFeatures(16), TrainSpec.Adam(lr: 1e-3, steps: 10, batch: 16) with { InputNoise = 0.1 }, [new("clean", ShiftSpec.None)]);
        TrialSpec l2 = new(data, ModelSpec.RandomFeatures(16), TrainSpec.LeastSquares(), [new("l2", ShiftSpec.Pgd(0.1, norm: AttackNorm.L2))]);

        Assert.Empty(SpecValidation.Errors(features));
        Assert.Empty(SpecValidation.Errors(features with { Train = TrainSpec.Adam(lr: 1e-3, steps: 10, batch: 16) with { Adversarial = AdversarialTraining.Pgd(0.1, steps: 2) } }));
        Assert.Empty(SpecValidation.Errors(l2));
        Assert.Empty(SpecValidation.Errors(l2 with { Model = ModelSpec.Linear() }));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainSpec.Adam(lr: 1e-3, steps: 1) with { InputNoise = 0 });
        Assert.Null(ShiftSpec.Pgd(0.1).Norm);
        Assert.Equal(AttackNorm.L2, ShiftSpec.Pgd(0.1, norm: AttackNorm.L2).Norm);
    }

    [Theory]
    [InlineData(1, 0.1)]
    [InlineData(10, 0.025)]
    public void L2Attack_OnALinearRegressor_MovesEachPredictionByEpsilonTimesTheWeightNorm(int steps, double stepSize)
    {
        // f(x) = w·x + b with ‖w‖ = 3: the squared error's input gradient is (f − y)·w, so the L2 attack moves x by
        // ε·sign(f − y)·w/‖w‖ and the prediction by ε‖w‖·sign(f − y); more steps pin it on the same point of the sphere.
        const double epsilon = 0.1;
        double[] w = [1, -2, 2];
        var model = new ReadoutModel(null, 3, 1, w, [0.5]);
        float[] x = [.. Enumerable.Range(0, 24).Select(i => (float)Math.Sin(i * 1.7))];
        float[] y = [.. Enumerable.Range(0, 8).Select(i => (float)Math.Cos(i * 0.9))];
        var data = new Dataset(8, 3, 1, isClassification: false, x, y);

        float[] clean = model.Predict(x, 8);
        float[] attacked = model.PredictAdversarial(data, MetricsMode.Probabilistic, AttackNorm.L2, epsilon, steps, stepSize);
        float[] linf = model.PredictAdversarial(data, MetricsMode.Probabilistic, AttackNorm.LInfinity, epsilon, 1, epsilon);

        for (int i = 0; i < 8; i++)
        {
            double sign = Math.Sign(clean[i] - y[i]);
            Assert.Equal(clean[i] + (sign * epsilon * 3), attacked[i], 1e-5);
            Assert.Equal(clean[i] + (sign * epsilon * 5), linf[i], 1e-5); // L∞: ε·‖w‖₁
        }
    }

    [Fact]
    public void L2Attack_OnALeastSquaresRandomFeaturesClassifier_CostsAccuracy()
    {
        DataSpec data = DataSpec.GaussianMixture(inputs: 6, classes: 3, separation: 3.0, train: 512, test: 2000);
        NamedEvaluation[] evaluations = [new("clean", ShiftSpec.None), new("l2", ShiftSpec.Pgd(1.0, steps: 5, norm: AttackNorm.L2))];
        TrialSpec spec = new(data, ModelSpec.RandomFeatures(64), TrainSpec.LeastSquares(), evaluations);

        TrialResult result = TrialTraining.Run(_cpu, new TrainingTrial(spec, 3), TestContext.Current.CancellationToken);

        Assert.True(result.Evaluations[1].Accuracy < result.Evaluations[0].Accuracy - 0.1, $"clean {result.Evaluations[0].Accuracy:F3}, L2 attack {result.Evaluations[1].Accuracy:F3}");
        Assert.True(result.Evaluations[1].Loss > result.Evaluations[0].Loss, $"clean {result.Evaluations[0].Loss:F3}, L2 attack {result.Evaluations[1].Loss:F3}");
    }

    [Fact]
    public void SpuriousFeature_AgreesWithTheLabelAtItsRate_AndTheShiftChangesOnlyThatCoordinate()
    {
        GaussianMixtureData plain = DataSpec.GaussianMixture(inputs: 5, classes: 3, train: 6000, test: 6000);
        DataSpec cued = plain with { Spurious = new SpuriousFeature(agreement: 0.9, strength: 2.0) };

        Dataset without = SyntheticData.Train(plain, 7), with = SyntheticData.Train(cued, 7);
        Dataset clean = SyntheticData.Test(cued, 7, ShiftSpec.None), flipped = SyntheticData.Test(cued, 7, ShiftSpec.Spurious(agreement: 0));

        // The code is Strength·(2c/(C − 1) − 1) ∈ {−2, 0, 2} for spurious class c; it equals the label's in 90% of rows.
        double Agreement(Dataset a, Dataset b) => Enumerable.Range(0, a.Rows).Count(i =>
            Math.Abs(b.X[(i * 5) + 4] - a.X[(i * 5) + 4] - (2.0 * ((2.0 * a.Y[i] / 2) - 1))) < 1e-4) / (double)a.Rows;
        double se = Math.Sqrt(0.9 * 0.1 / 6000);
        Assert.Equal(0.9, Agreement(without, with), 3 * se);
        Assert.Equal(with.Y, without.Y);
        Assert.All(Enumerable.Range(0, with.X.Length).Where(j => j % 5 != 4), j => Assert.Equal(without.X[j], with.X[j]));

        // Flipped: the spurious class is never the label; the other coordinates and the labels are the clean test set's.
        Dataset bare = SyntheticData.Test(plain, 7, ShiftSpec.None);
        Assert.Equal(0.0, Agreement(bare, flipped));
        Assert.Equal(clean.Y, flipped.Y);
        Assert.All(Enumerable.Range(0, clean.X.Length).Where(j => j % 5 != 4), j => Assert.Equal(clean.X[j], flipped.X[j]));
    }

    [Fact]
    public void ModelTrainedOnASpuriousCue_LosesMoreAccuracyWhenItFlips_ThanOneTrainedWithout()
    {
        // Weakly separated classes (separation 1) and a strong cue (strength 3, agreement 0.95): the model leans on the cue.
        GaussianMixtureData plain = DataSpec.GaussianMixture(inputs: 6, classes: 2, separation: 1.0, train: 2000, test: 2000);
        DataSpec cued = plain with { Spurious = new SpuriousFeature(agreement: 0.95, strength: 3.0) };
        NamedEvaluation[] evaluations = [new("clean", ShiftSpec.None), new("flipped", ShiftSpec.Spurious(agreement: 0))];
        TrainSpec train = TrainSpec.Adam(lr: 1e-2, steps: 300, batch: 128);

        TrialResult leaning = TrialTraining.Run(_cpu, new TrainingTrial(new TrialSpec(cued, ModelSpec.Mlp(16), train, evaluations), 1), TestContext.Current.CancellationToken);
        TrialResult control = TrialTraining.Run(_cpu, new TrainingTrial(new TrialSpec(plain, ModelSpec.Mlp(16), train, [new("clean", ShiftSpec.None)]), 1), TestContext.Current.CancellationToken);

        double cleanCued = leaning.Evaluations[0].Accuracy!.Value, flippedCued = leaning.Evaluations[1].Accuracy!.Value, cleanPlain = control.Evaluations[0].Accuracy!.Value;
        string measured = $"cued: clean {cleanCued:F3}, flipped {flippedCued:F3}; without the cue: {cleanPlain:F3}";
        Assert.True(cleanCued > cleanPlain + 0.05, measured);
        Assert.True(flippedCued < cleanPlain - 0.1, measured);
        Assert.Contains(SpecValidation.Errors(new TrialSpec(plain, ModelSpec.Mlp(4), train, [new("flipped", ShiftSpec.Spurious(0))])), e => e.Contains("Data.Spurious is not set", StringComparison.Ordinal));
    }

    private static string Row(Dataset data, int i)
        => string.Join(",", data.X.AsSpan(i * data.Inputs, data.Inputs).ToArray().Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + ":" + data.Y[i];
}
