namespace Sweep.Training.Collapse;

/// <summary>
/// What a collapse chain costs, from its specs: for planning and the progress ETA, and the training compute of all its
/// generations. The engine's models count as the training layer counts them, once per generation (with the policy's
/// training-set size: M, or t·M when accumulating); the closed-form fits count their arithmetic.
/// </summary>
internal static class CollapseCost
{
    /// <summary>Training compute C of every generation together.</summary>
    public static double TrainingFlops(TrialSpec spec) => Sum(spec, training: true);

    /// <summary>Training plus sampling and the checkpoints' evaluations.</summary>
    public static double Estimate(TrialSpec spec) => Sum(spec, training: false);

    private static double Sum(TrialSpec spec, bool training)
    {
        CollapseSpec chain = spec.Chain!;
        DataSpec data = spec.Data;
        double m = data.Train, d = data.Inputs, total = 0;
        for (int t = 1; t <= chain.Generations; t++)
        {
            double rows = chain.Policy.Kind == DataPolicyKind.Accumulate ? t * m : m;
            total += (CollapseChains.Family(spec), spec.Model) switch
            {
                (ChainKind.Gaussian, _) => rows * (d * d + d) * 2,
                (ChainKind.Mixture, GaussianMixtureModel mixture) => rows * mixture.Components * d * 10 * ((EmTrain)spec.Train).Iterations,
                (ChainKind.LinearRegression, _) => (rows * (d + 1) * (d + 1) * 2) + Math.Pow(d + 1, 3),
                (ChainKind.NGram, NGramModel ngram) => rows * ngram.Order * 4,
                (ChainKind.Engine, _) => Generation(spec, (int)Math.Min(int.MaxValue, rows), training),
                _ => 0,
            };

            if (!training)
            {
                // Drawing the next generation: a sample (and for text a forward pass) per row.
                total += m * Math.Max(d, data.Outputs) * 2;
            }
        }

        return total;
    }

    private static double Generation(TrialSpec spec, int rows, bool training)
    {
        TrialSpec generation = new(EngineChain.WithTrain(spec.Data, rows), spec.Model, spec.Train, [new NamedEvaluation(CollapseSpec.EvaluationName(1), ShiftSpec.None)]);
        return training ? TrainingCost.TrainingFlops(generation) : TrainingCost.Estimate(generation);
    }
}
