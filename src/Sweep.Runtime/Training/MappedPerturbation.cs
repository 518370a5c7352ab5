using Sweep.Kernels;

namespace Sweep.Training;

/// <summary>
/// Adversarial training and input noise for random-features models, whose fixed map sits between the inputs and the
/// trained readout. Each step takes every model's next shuffled minibatch of raw inputs (the rows the trainer's own
/// gather takes: <see cref="CounterShuffle.SampleRows"/> keyed by the model's seed), adds its Gaussian noise (Philox on the
/// augmentation stream, as the kernels add it to a network's inputs), attacks it on the model's own loss through the
/// map (<see cref="ReadoutModel.AttackInputs"/>, in double on the host, as the evaluation attacks on these models run),
/// maps the perturbed rows, and steps every readout together on the backend.
/// </summary>
internal sealed class MappedPerturbation
{
    private readonly RandomFeatureMap[] _maps;
    private readonly Dataset[] _raw;
    private readonly ulong[] _seeds;
    private readonly int _batch;
    private readonly TrainingPerturbation _perturbation;
    private readonly MlpShape _shape;

    /// <param name="maps">Each model's map.</param>
    /// <param name="raw">Each model's training set before its map.</param>
    /// <param name="seeds">Each model's shuffle seed (its trial's seed).</param>
    /// <param name="batch">Rows per minibatch.</param>
    /// <param name="perturbation">The noise and the attack.</param>
    /// <param name="shape">The readout's shape (features → outputs).</param>
    public MappedPerturbation(RandomFeatureMap[] maps, Dataset[] raw, ulong[] seeds, int batch, TrainingPerturbation perturbation, MlpShape shape)
    {
        _maps = maps;
        _raw = raw;
        _seeds = seeds;
        _batch = batch;
        _perturbation = perturbation;
        _shape = shape;
    }

    /// <summary>One step of every model on its perturbed, mapped minibatch.</summary>
    public void Step(MlpTrainer trainer, int step)
    {
        int count = _maps.Length;
        var features = new float[count][];
        var targets = new float[count][];
        for (int k = 0; k < count; k++)
        {
            Dataset batch = Perturbed(trainer, k, step);
            features[k] = [.. _maps[k].Transform(batch.X, _batch).Select(v => (float)v)];
            targets[k] = batch.Y;
        }

        trainer.Step(step, features, targets);
    }

    /// <summary>Model k's minibatch at a step in its input space, noised and attacked on the trainer's current readout: what <see cref="Step"/> maps.</summary>
    public Dataset Perturbed(MlpTrainer trainer, int k, int step)
    {
        (float[] x, float[] y) = Minibatch(k, step);
        Dataset batch = new(_batch, _raw[k].Inputs, _raw[k].Outputs, _raw[k].IsClassification, x, y);
        if (_perturbation.Steps == 0 || _perturbation.Epsilon == 0)
        {
            return batch;
        }

        ReadoutModel readout = ReadoutModel.FromParameters(_maps[k], trainer.GetParameters(k), _shape);
        AttackNorm norm = _perturbation.Norm == AttackNormKind.L2 ? AttackNorm.L2 : AttackNorm.LInfinity;
        float[] attacked = readout.AttackInputs(batch, MetricsMode.Probabilistic, norm, _perturbation.Epsilon, _perturbation.Steps, _perturbation.StepSize);
        return new Dataset(_batch, batch.Inputs, batch.Outputs, batch.IsClassification, attacked, y);
    }

    /// <summary>Model k's minibatch of raw rows at a step, noised: samples step·B … step·B + B − 1 of its shuffled stream.</summary>
    private (float[] X, float[] Y) Minibatch(int k, int step)
    {
        Dataset raw = _raw[k];
        int d = raw.Inputs, n = raw.Rows, targets = raw.Y.Length / n;
        var x = new float[(long)_batch * d];
        var y = new float[(long)_batch * targets];
        var rows = new int[_batch];
        CounterShuffle.SampleRows(_seeds[k], (long)step * _batch, n, rows);
        for (int r = 0; r < _batch; r++)
        {
            int row = rows[r];
            raw.X.AsSpan(row * d, d).CopyTo(x.AsSpan(r * d, d));
            raw.Y.AsSpan(row * targets, targets).CopyTo(y.AsSpan(r * targets, targets));
        }

        if (_perturbation.NoiseSigma > 0)
        {
            ulong length = (ulong)x.Length;
            for (int j = 0; j < x.Length; j++)
            {
                x[j] += _perturbation.NoiseSigma * (float)Philox.Normal(_seeds[k], RandomStreams.Augmentation, ((ulong)step * length) + (ulong)j);
            }
        }

        return (x, y);
    }
}
