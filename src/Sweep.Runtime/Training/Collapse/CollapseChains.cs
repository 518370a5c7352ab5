using System.Globalization;
using Sweep.Kernels;
using Sweep.Storage;

namespace Sweep.Training.Collapse;

/// <summary>
/// Runs collapse-chain trials (a <see cref="TrialSpec"/> with a <see cref="TrialSpec.Chain"/>): generation 0 is the
/// real distribution, each later generation fits the study's model to data its predecessor generated, and every checkpoint
/// is stored as evaluation <c>gen-t</c>. The closed-form models (Gaussians, mixtures by EM, linear regression, n-grams)
/// run on the host in double precision; a model the engine trains runs on the backend, the trials of a batch (one cell's
/// seeds) trained together generation by generation.
/// </summary>
/// <example>
/// <code>
/// TrialSpec spec = TrialSpec.ForChain(DataSpec.Gaussian(train: 10), ModelSpec.Gaussian(), TrainSpec.Moments(), CollapseSpec.Chain(generations: 50));
/// IReadOnlyList&lt;MetricValue&gt; metrics = CollapseChains.Run(backend, [new TrainingTrial(spec, Seed: 1)])[0];
/// </code>
/// </example>
public static class CollapseChains
{
    /// <summary>Runs the chains of trials that differ only in their seeds; a batch key (<see cref="BatchKey"/>) groups them.</summary>
    /// <param name="backend">The backend the engine's models train on (unused by the closed-form models).</param>
    /// <param name="trials">The trials.</param>
    /// <param name="cancellationToken">Checked between generations (and training steps).</param>
    /// <returns>Each trial's metrics, per checkpoint, in order.</returns>
    /// <exception cref="ArgumentException">A trial is not a chain, cannot run (see <see cref="CollapseValidation"/>), or differs from the first in more than its seed.</exception>
    public static IReadOnlyList<IReadOnlyList<MetricValue>> Run(ComputeBackend backend, IReadOnlyList<TrainingTrial> trials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(trials);
        if (trials.Count == 0)
        {
            return [];
        }

        TrialSpec spec = trials[0].Spec;
        if (spec.Chain is not CollapseSpec chain)
        {
            throw new ArgumentException("the trial has no collapse chain; run it through TrialTraining.", nameof(trials));
        }

        IReadOnlyList<string> errors = CollapseValidation.Errors(spec);
        if (errors.Count > 0)
        {
            throw new ArgumentException($"the collapse chain cannot run: {string.Join("; ", errors.Select(e => e.TrimEnd('.')))}.", nameof(trials));
        }

        if (trials.Any(t => !SameButSeed(t.Spec, spec)))
        {
            throw new ArgumentException("collapse chains run together must differ only in their seeds.", nameof(trials));
        }

        long[] seeds = [.. trials.Select(t => t.Seed)];
        int samples = spec.Data.Train;
        long parameters = spec.Model.Parameters(spec.Data.Inputs, spec.Data.Outputs);
        return Family(spec) switch
        {
            ChainKind.Gaussian => ChainRunner.Run(new GaussianChain(spec.Data, (MomentsTrain)spec.Train, seeds), chain, samples, seeds, parameters, cancellationToken),
            ChainKind.Mixture => ChainRunner.Run(
                new MixtureChain(spec.Data, (GaussianMixtureModel)spec.Model, (EmTrain)spec.Train, seeds), chain, samples, seeds, parameters, cancellationToken),
            ChainKind.LinearRegression => ChainRunner.Run(
                new LinearRegressionChain((TeacherStudentData)spec.Data, spec.Model, (LeastSquaresTrain)spec.Train, chain, seeds), chain, samples, seeds, parameters, cancellationToken),
            ChainKind.NGram => ChainRunner.Run(
                new NGramChain((ZipfMarkovData)spec.Data, (NGramModel)spec.Model, (CountsTrain)spec.Train, chain, seeds), chain, samples, seeds, parameters, cancellationToken),
            _ => ChainRunner.Run(new EngineChain(backend, spec, seeds, cancellationToken), chain, samples, seeds, parameters, cancellationToken),
        };
    }

    /// <summary>
    /// The key of chains that can run together: those of a model the engine trains on a backend, with equal specs (so
    /// equal but for the seed); null for the closed-form models, which run one by one on the host, and for chains that
    /// cannot run (they run alone and fail with the reason).
    /// </summary>
    /// <param name="spec">The trial.</param>
    /// <returns>The key, or null.</returns>
    public static string? BatchKey(TrialSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Chain is not CollapseSpec chain || CollapseValidation.Errors(spec).Count > 0 || Family(spec) != ChainKind.Engine)
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"chain|{spec.Data}|{spec.Model}|{spec.Train}|{chain}");
    }

    /// <summary>Which family of chain a spec runs as.</summary>
    internal static ChainKind Family(TrialSpec spec) => (spec.Data, spec.Model, spec.Train) switch
    {
        (GaussianData or GaussianMixtureData, GaussianModel, MomentsTrain) => ChainKind.Gaussian,
        (GaussianData or GaussianMixtureData, GaussianMixtureModel, EmTrain) => ChainKind.Mixture,
        (TeacherStudentData { TeacherWidth: 0, Classes: 0 }, LinearThroughOriginModel or LinearModel, LeastSquaresTrain) => ChainKind.LinearRegression,
        (ZipfMarkovData, NGramModel, CountsTrain) => ChainKind.NGram,
        (TeacherStudentData or GaussianMixtureData or ZipfMarkovData, LinearModel or RandomFeaturesModel or MlpModel, LeastSquaresTrain or GradientTrain) => ChainKind.Engine,
        _ => ChainKind.None,
    };

    private static bool SameButSeed(TrialSpec a, TrialSpec b)
        => a.Data == b.Data && a.Model == b.Model && a.Train == b.Train && a.Chain == b.Chain;
}

/// <summary>The families of collapse chains.</summary>
internal enum ChainKind
{
    /// <summary>No chain runs these specs.</summary>
    None = 0,

    /// <summary><see cref="GaussianChain"/>.</summary>
    Gaussian,

    /// <summary><see cref="MixtureChain"/>.</summary>
    Mixture,

    /// <summary><see cref="LinearRegressionChain"/>.</summary>
    LinearRegression,

    /// <summary><see cref="NGramChain"/>.</summary>
    NGram,

    /// <summary><see cref="EngineChain"/>.</summary>
    Engine,
}
