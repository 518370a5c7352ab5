namespace Sweep.Training;

/// <summary>
/// What a trial costs, computed from its specs without running it: the training compute C its result reports, and
/// the estimate planning and the progress ETA use (training plus evaluation); a collapse chain's sum over its generations.
/// </summary>
/// <example>
/// <code>
/// double c = TrainingCost.TrainingFlops(spec);   // C, stored as Metric.Flops
/// double all = TrainingCost.Estimate(spec);      // C plus the evaluations' forward passes
/// </code>
/// </example>
public static class TrainingCost
{
    /// <summary>
    /// Training compute C in FLOPs: steps × batch × <see cref="Kernels.MlpShape.TrainingFlopsPerSample"/> for gradient
    /// training (a linear or random-features readout is a network with no hidden layer), plus the random feature map of
    /// the training set (2·n·d·p); for least squares the feature map and the Householder QR of the n×p design
    /// (2·m·k² − ⅔·k³ with m = max(n, p), k = min(n, p)) and its application to the targets, a nominal count that does
    /// not depend on the data (a ridge large enough for the normal equations does about half of it). Adversarial
    /// training adds 2× a forward pass per sample and attack step (through the map, for random features), and a
    /// random-features model trained with an attack or input noise maps its perturbed minibatch again every step.
    /// </summary>
    /// <param name="spec">The trial.</param>
    /// <returns>C in FLOPs.</returns>
    public static double TrainingFlops(TrialSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Chain is not null)
        {
            return Collapse.CollapseCost.TrainingFlops(spec);
        }

        DataSpec data = spec.Data;
        int d = data.Inputs, outputs = data.Outputs, n = data.Train;
        int? features = spec.Model is RandomFeaturesModel rf ? rf.Features : null;
        double map = features is int f ? 2.0 * n * d * f : 0;
        if (spec.Train is GradientTrain g)
        {
            Kernels.MlpShape shape = KernelArguments.Shape(spec.Model, data);

            // Adversarial training adds, per attack step, a forward pass and a backward pass to the inputs (2× forward);
            // for random features both go through the map, and a perturbed minibatch is mapped again every step.
            double mapPerSample = features is int width ? 2.0 * d * width : 0;
            double attack = g.Adversarial is { } adversarial ? 2.0 * adversarial.Steps * (shape.ForwardFlopsPerSample + mapPerSample) : 0;
            double remap = g.Adversarial is not null || g.InputNoise is not null ? mapPerSample : 0;
            return ((double)g.Steps * Math.Min(g.Batch, n) * (shape.TrainingFlopsPerSample + attack + remap)) + map;
        }

        long p = features ?? d;
        long m = Math.Max(n, p), k = Math.Min(n, p);
        return map + (2.0 * m * k * k) - (2.0 / 3.0 * k * k * k) + (4.0 * m * k * outputs);
    }

    /// <summary>
    /// <see cref="TrainingFlops"/> plus evaluation: a forward pass over the training set for the train loss and over
    /// each evaluation's test set, three more per attack step, and the random feature map of every set it is applied to.
    /// </summary>
    /// <param name="spec">The trial.</param>
    /// <returns>FLOPs.</returns>
    public static double Estimate(TrialSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Chain is not null)
        {
            return Collapse.CollapseCost.Estimate(spec);
        }

        DataSpec data = spec.Data;
        int d = data.Inputs, outputs = data.Outputs;
        (double forward, double map) = spec.Model switch
        {
            MlpModel => (KernelArguments.Shape(spec.Model, data).ForwardFlopsPerSample, 0.0),
            RandomFeaturesModel rf => (2.0 * rf.Features * outputs, 2.0 * d * rf.Features),
            _ => (2.0 * d * outputs, 0.0),
        };
        double rows = data.Train + spec.Evaluations.Sum(e => data.Test * (1.0 + (e.Shift is AdversarialShift a ? 3.0 * a.Steps : 0)));
        return TrainingFlops(spec) + (rows * (forward + map));
    }
}
