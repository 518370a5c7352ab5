using Sweep.Kernels;
using Sweep.Training;

namespace Sweep.Runtime.Tests.Training;

/// <summary>
/// Adversarial training and input noise for random-features models, in their input space: the host takes the rows the
/// trainer would (without a perturbation its steps are the trainer's own, and a vanishing one trains as none does);
/// the attack stays within ε of the raw inputs and raises the readout's loss; the noise has the declared σ and is the
/// seed's own; PGD
/// training buys accuracy under PGD; trials batch together with the same results as alone.
/// </summary>
public sealed class RandomFeaturesRobustTrainingTests : IDisposable
{
    private static readonly DataSpec s_data = DataSpec.GaussianMixture(inputs: 8, classes: 3, separation: 2.0, train: 512, test: 1000);
    private static readonly NamedEvaluation[] s_evaluations = [new("clean", ShiftSpec.None), new("pgd", ShiftSpec.Pgd(0.4, steps: 10))];
    private readonly ComputeBackend _cpu = ComputeBackends.Create(BackendKind.Cpu, new BackendOptions(Threads: 2));

    public void Dispose() => _cpu.Dispose();

    private static TrialSpec Spec(GradientTrain train, int features = 128) => new(s_data, ModelSpec.RandomFeatures(features), train, s_evaluations);

    private static GradientTrain Adam => TrainSpec.Adam(lr: 1e-2, steps: 300, batch: 64);

    private TrialResult Run(TrialSpec spec, int seed = 3) => TrialTraining.Run(_cpu, new TrainingTrial(spec, seed), TestContext.Current.CancellationToken);

    [Fact]
    public void AVanishingAttackOrNoise_TrainsAsNone_AndASmallOneDoesNot()
    {
        // ε = 1e-7 moves no input by more than a float's rounding, so training ends where it does unperturbed (that
        // the host takes the trainer's own rows is checked step by step below); noise of σ = 0.05 on the same seed
        // ends measurably elsewhere, so the tolerance here can tell a perturbation that acts from one that does not.
        TrialResult plain = Run(Spec(Adam));
        TrialResult attacked = Run(Spec(Adam with { Adversarial = AdversarialTraining.Fgsm(1e-7) }));
        TrialResult noised = Run(Spec(Adam with { InputNoise = 1e-7 }));
        TrialResult small = Run(Spec(Adam with { InputNoise = 0.05 }));

        foreach (TrialResult perturbed in new[] { attacked, noised })
        {
            Assert.Equal(plain.TrainLoss, perturbed.TrainLoss, 4);
            Assert.Equal(plain.Evaluations[0].Loss, perturbed.Evaluations[0].Loss, 4);
            Assert.Equal(plain.Evaluations[0].Accuracy!.Value, perturbed.Evaluations[0].Accuracy!.Value, 2);
        }

        // Precision 4 above allows 5e-5; σ = 0.05 moves the train loss by more than twice that.
        Assert.True(Math.Abs(plain.TrainLoss - small.TrainLoss) > 1e-4, $"σ = 0.05 should move the train loss: {plain.TrainLoss:G6} vs {small.TrainLoss:G6}");
    }

    [Fact]
    public void PgdTraining_BuysAccuracyUnderPgd_AtSomeCleanCost()
    {
        TrialResult standard = Run(Spec(Adam));
        TrialResult robust = Run(Spec(Adam with { Adversarial = AdversarialTraining.Pgd(0.4, steps: 3) }));

        double standardPgd = standard.Evaluations[1].Accuracy!.Value, robustPgd = robust.Evaluations[1].Accuracy!.Value;
        string accuracies = $"clean {standard.Evaluations[0].Accuracy:F3} → {robust.Evaluations[0].Accuracy:F3}, PGD {standardPgd:F3} → {robustPgd:F3}";
        Assert.True(robustPgd > standardPgd + 0.05, accuracies);
        Assert.True(standardPgd < standard.Evaluations[0].Accuracy!.Value - 0.1, $"the attack should cost the standard model accuracy: {accuracies}");
    }

    [Fact]
    public void TrainingFlops_CountTheMapInEveryAttackPass_AndOnceMorePerSample()
    {
        // 8 inputs → 128 ReLU features → 3 classes; 300 steps of 64; PGD of 3 steps. Per sample and step: the readout's
        // forward and weight gradient (2·128·3 each; it has no input gradient), the map again (2·8·128), and per attack
        // step a forward and a backward through map and readout.
        const double map = 2.0 * 8 * 128, readoutForward = 2.0 * 128 * 3, readoutTraining = 2 * readoutForward;
        TrialSpec pgd = Spec(Adam with { Adversarial = AdversarialTraining.Pgd(0.4, steps: 3) });
        TrialSpec noisy = Spec(Adam with { InputNoise = 0.1 });

        Assert.Equal(readoutTraining, new MlpShape(128, [], 3, ActivationKind.Relu).TrainingFlopsPerSample, 1e-9);
        Assert.Equal((300.0 * 64 * (readoutTraining + (2 * 3 * (readoutForward + map)) + map)) + (2.0 * 512 * 8 * 128), TrainingCost.TrainingFlops(pgd), 1e-6);
        Assert.Equal((300.0 * 64 * (readoutTraining + map)) + (2.0 * 512 * 8 * 128), TrainingCost.TrainingFlops(noisy), 1e-6);
        Assert.Equal((300.0 * 64 * readoutTraining) + (2.0 * 512 * 8 * 128), TrainingCost.TrainingFlops(Spec(Adam)), 1e-6);
    }

    [Fact]
    public void Noise_RepeatsForASeed_AndDiffersBetweenSeeds()
    {
        TrialSpec noisy = Spec(Adam with { InputNoise = 0.5 });
        (MlpTrainer trainer, RandomFeatureMap map, Dataset raw, MlpShape shape) = Trainer(seed: 8);
        using (trainer)
        {
            var perturbation = new TrainingPerturbation(0.5f, AttackNormKind.LInfinity, 0, 0, 0);
            var seed8 = new MappedPerturbation([map], [raw], [8], 64, perturbation, shape);
            var seed9 = new MappedPerturbation([map], [raw], [9], 64, perturbation, shape);
            var none = new MappedPerturbation([map], [raw], [8], 64, new TrainingPerturbation(0, AttackNormKind.LInfinity, 0, 0, 0), shape);

            // Seed 9's rows are another permutation too: compare what each adds to its own rows.
            float[] clean8 = none.Perturbed(trainer, 0, 3).X, noise8 = seed8.Perturbed(trainer, 0, 3).X;
            float[] clean9 = new MappedPerturbation([map], [raw], [9], 64, new TrainingPerturbation(0, AttackNormKind.LInfinity, 0, 0, 0), shape).Perturbed(trainer, 0, 3).X;
            float[] noise9 = seed9.Perturbed(trainer, 0, 3).X;
            double[] added8 = [.. noise8.Zip(clean8, (a, b) => (double)a - b)], added9 = [.. noise9.Zip(clean9, (a, b) => (double)a - b)];
            Assert.Equal(noise8, seed8.Perturbed(trainer, 0, 3).X);
            Assert.True(added8.Zip(added9).Count(p => Math.Abs(p.First - p.Second) > 1e-3) > added8.Length * 9 / 10, "two seeds should add different noise");
        }

        Assert.Equal(Run(noisy).TrainLoss, Run(noisy).TrainLoss);
        Assert.NotEqual(Run(Spec(Adam)).TrainLoss, Run(noisy).TrainLoss);
    }

    [Fact]
    public void TrialsOfOnePerturbation_BatchTogether_WithTheResultsOfEachAlone()
    {
        TrialSpec spec = Spec(Adam with { Adversarial = AdversarialTraining.Pgd(0.3, steps: 2, norm: AttackNorm.L2), InputNoise = 0.1 }, features: 64);
        TrainingTrial[] trials = [new(spec, 1), new(spec with { Train = (GradientTrain)spec.Train with { LearningRate = 3e-3 } }, 2)];
        Assert.Equal(TrialTraining.BatchKey(trials[0].Spec), TrialTraining.BatchKey(trials[1].Spec));

        IReadOnlyList<TrialResult> together = TrialTraining.RunBatch(_cpu, trials, TestContext.Current.CancellationToken);

        for (int k = 0; k < trials.Length; k++)
        {
            TrialResult alone = TrialTraining.Run(_cpu, trials[k], TestContext.Current.CancellationToken);
            Assert.Equal(alone.TrainLoss, together[k].TrainLoss, 12);
            Assert.Equal(alone.Evaluations.Select(e => e.Loss), together[k].Evaluations.Select(e => e.Loss), new Tolerance(1e-12));
            Assert.Equal(alone.Evaluations.Select(e => e.Accuracy), together[k].Evaluations.Select(e => e.Accuracy));
        }
    }

    [Fact]
    public void WithoutNoiseOrAttack_TheMappedSteps_AreTheTrainersOwn_AcrossEpochs()
    {
        // 512 rows in minibatches of 64: 20 steps cross two epochs, each a fresh permutation.
        (MlpTrainer plain, RandomFeatureMap map, Dataset raw, MlpShape shape) = Trainer(seed: 5);
        (MlpTrainer mapped, _, _, _) = Trainer(seed: 5);
        using (plain)
        using (mapped)
        {
            var none = new MappedPerturbation([map], [raw], [5], 64, new TrainingPerturbation(0, AttackNormKind.LInfinity, 0, 0, 0), shape);
            for (int step = 0; step < 20; step++)
            {
                plain.Step(step);
                none.Step(mapped, step);
            }

            float[] expected = plain.GetParameters(0), actual = mapped.GetParameters(0);
            Assert.Equal(expected.Length, actual.Length);
            Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 5));
        }
    }

    [Theory]
    [InlineData(AttackNormKind.LInfinity)]
    [InlineData(AttackNormKind.L2)]
    public void TheAttack_MovesTheRawInputsWithinEpsilon_AndRaisesTheReadoutsLoss(AttackNormKind norm)
    {
        const float epsilon = 0.3f;
        (MlpTrainer trainer, RandomFeatureMap map, Dataset raw, MlpShape shape) = Trainer(seed: 6);
        using (trainer)
        {
            for (int step = 0; step < 50; step++)
            {
                trainer.Step(step);
            }

            var clean = new MappedPerturbation([map], [raw], [6], 64, new TrainingPerturbation(0, norm, 0, 0, 0), shape);
            var pgd = new MappedPerturbation([map], [raw], [6], 64, new TrainingPerturbation(0, norm, epsilon, 3, 2.5f * epsilon / 3), shape);
            Dataset origin = clean.Perturbed(trainer, 0, 50), attacked = pgd.Perturbed(trainer, 0, 50);

            Assert.Equal(origin.Y, attacked.Y);
            for (int i = 0; i < origin.Rows; i++)
            {
                double[] delta = [.. Enumerable.Range(0, origin.Inputs).Select(j => (double)attacked.X[(i * origin.Inputs) + j] - origin.X[(i * origin.Inputs) + j])];
                double size = norm == AttackNormKind.L2 ? Math.Sqrt(delta.Sum(v => v * v)) : delta.Max(Math.Abs);
                Assert.InRange(size, 0.5 * epsilon, epsilon * (1 + 1e-5));
            }

            ReadoutModel readout = ReadoutModel.FromParameters(map, trainer.GetParameters(0), shape);
            double before = EvaluationMetrics.Evaluate("b", readout.Predict(origin.X, origin.Rows), origin, MetricsMode.Probabilistic).Loss;
            double after = EvaluationMetrics.Evaluate("a", readout.Predict(attacked.X, attacked.Rows), attacked, MetricsMode.Probabilistic).Loss;
            Assert.True(after > before + 0.05, $"loss {before:F4} → {after:F4}");
        }
    }

    [Fact]
    public void TheNoise_IsGaussianOfTheDeclaredSigma_OnTheRawInputs()
    {
        (MlpTrainer trainer, RandomFeatureMap map, Dataset raw, MlpShape shape) = Trainer(seed: 7);
        using (trainer)
        {
            var clean = new MappedPerturbation([map], [raw], [7], 64, new TrainingPerturbation(0, AttackNormKind.LInfinity, 0, 0, 0), shape);
            var noisy = new MappedPerturbation([map], [raw], [7], 64, new TrainingPerturbation(0.5f, AttackNormKind.LInfinity, 0, 0, 0), shape);
            double[] delta = [.. Enumerable.Range(0, 10).SelectMany(step => clean.Perturbed(trainer, 0, step).X.Zip(noisy.Perturbed(trainer, 0, step).X, (a, b) => (double)b - a))];

            double mean = delta.Average(), sd = Math.Sqrt(delta.Sum(v => (v - mean) * (v - mean)) / (delta.Length - 1));
            Assert.InRange(mean, -4 * 0.5 / Math.Sqrt(delta.Length), 4 * 0.5 / Math.Sqrt(delta.Length));
            Assert.InRange(sd, 0.5 * 0.95, 0.5 * 1.05);
            Assert.NotEqual(noisy.Perturbed(trainer, 0, 0).X, noisy.Perturbed(trainer, 0, 1).X);
        }
    }

    /// <summary>A one-model trainer of a random-features readout as TrialTraining builds it, with its map and raw training set.</summary>
    private (MlpTrainer Trainer, RandomFeatureMap Map, Dataset Raw, MlpShape Shape) Trainer(int seed)
    {
        TrialSpec spec = Spec(Adam);
        MlpShape shape = KernelArguments.Shape(spec.Model, s_data);
        Dataset raw = SyntheticData.Train(s_data, (ulong)seed);
        var map = new RandomFeatureMap(s_data.Inputs, 128, FeatureMap.Relu, (ulong)seed);
        float[] features = [.. map.Transform(raw.X, raw.Rows).Select(v => (float)v)];
        var trainer = new MlpTrainer(_cpu, shape, 1, 64, raw.Rows, LossKind.SoftmaxCrossEntropy, KernelArguments.Optimizer(Adam.Optimizer));
        trainer.LoadTrainingData(0, features, raw.Y);
        trainer.SetShuffleSeed(0, (ulong)seed);
        trainer.InitializeParameters(0, (ulong)seed);
        trainer.Configure(0, KernelArguments.Settings(Adam));
        return (trainer, map, raw, shape);
    }

    private sealed class Tolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(x));

        public int GetHashCode(double obj) => 0;
    }
}
