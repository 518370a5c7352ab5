using System.Globalization;

namespace Sweep.Training.Collapse;

/// <summary>
/// What makes a collapse chain unrunnable, found before any work starts (a <c>with</c> expression bypasses the Dsl's own
/// checks: checkpoints past a reduced generation count, say), and what makes the chain-only spec kinds unrunnable outside
/// a chain. Each reason names the spec property and says what would run.
/// </summary>
/// <example>
/// <code>
/// IReadOnlyList&lt;string&gt; errors = CollapseValidation.Errors(spec);
/// if (errors.Count &gt; 0) Console.Error.WriteLine(string.Join("; ", errors));
/// </code>
/// </example>
public static class CollapseValidation
{
    /// <summary>The largest n-gram context table, in contexts: (V + 1)^(n − 1).</summary>
    public const double MaxContexts = 1L << 52;

    /// <summary>Every reason a chain trial cannot run; empty when it can.</summary>
    /// <param name="spec">A trial with a <see cref="TrialSpec.Chain"/>.</param>
    /// <returns>The reasons, each a sentence.</returns>
    public static IReadOnlyList<string> Errors(TrialSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Chain is not CollapseSpec chain)
        {
            return ["the trial has no collapse chain."];
        }

        List<string> errors = [];
        foreach (int checkpoint in chain.Checkpoints.Where(c => c > chain.Generations))
        {
            errors.Add(Format($"Chain.Checkpoints: checkpoint {checkpoint} is beyond the last generation ({chain.Generations}); checkpoints run from 0 (the real distribution) to the generation count."));
        }

        if (!spec.Evaluations.Select(e => e.Name).SequenceEqual(chain.Evaluations.Select(e => e.Name)))
        {
            errors.Add("Evaluations: a chain's evaluations are its checkpoints (gen-t); build its spec with TrialSpec.ForChain.");
        }

        int m = spec.Data.Train, d = spec.Data.Inputs;
        switch (CollapseChains.Family(spec))
        {
            case ChainKind.Gaussian when m < 2 || m <= d:
                errors.Add(Format($"Data.Train: a Gaussian's covariance in {d} dimension(s) needs more than {Math.Max(1, d)} samples per generation (got {m})."));
                break;
            case ChainKind.Mixture when m < ((GaussianMixtureModel)spec.Model).Components:
                errors.Add(Format($"Data.Train: a mixture of {((GaussianMixtureModel)spec.Model).Components} components needs at least as many samples per generation (got {m})."));
                break;
            case ChainKind.NGram when Math.Pow(((ZipfMarkovData)spec.Data).Vocabulary + 1.0, ((NGramModel)spec.Model).Order - 1) > MaxContexts:
                errors.Add(Format($"Model.Order: {((NGramModel)spec.Model).Order} over {((ZipfMarkovData)spec.Data).Vocabulary} tokens has more contexts than the counts can be keyed by; lower the order."));
                break;
            case ChainKind.Engine:
                TrialSpec generation = new(spec.Data, spec.Model, spec.Train, [new NamedEvaluation(CollapseSpec.EvaluationName(1), ShiftSpec.None)]);
                errors.AddRange(SpecValidation.Errors(generation));
                break;
            case ChainKind.None:
                errors.Add(
                    $"a collapse chain fits {Kind(spec.Model)} with {Kind(spec.Train)} to {Kind(spec.Data)}, which it cannot: it runs a Gaussian (Moments) or a " +
                    "Gaussian mixture (Em) of Gaussian or Gaussian-mixture data, linear regression (LinearThroughOrigin or Linear, LeastSquares) of linear " +
                    "teacher-student regression data, an n-gram (Counts) of Zipf-Markov text, or a linear, random-features or MLP model trained by the engine " +
                    "on teacher-student, Gaussian-mixture or Zipf-Markov data.");
                break;
        }

        return errors;
    }

    /// <summary>
    /// Why a trial without a chain cannot use its chain-only specs (the Gaussian densities, mixtures and n-grams and their
    /// fits), a covariate shift of text, or gradient training of a model without intercept; empty when none applies.
    /// </summary>
    /// <param name="spec">A trial without a chain.</param>
    /// <returns>The reasons, each a sentence.</returns>
    public static IReadOnlyList<string> OutsideChain(TrialSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        List<string> errors = [];
        foreach (object part in (object[])[spec.Data, spec.Model, spec.Train])
        {
            if (part is GaussianData or GaussianModel or GaussianMixtureModel or NGramModel or MomentsTrain or EmTrain or CountsTrain)
            {
                errors.Add($"{Kind(part)} is fitted in collapse chains only; declare a CollapseSpec Chain property (see CollapseSpec).");
            }
        }

        if (spec.Data is ZipfMarkovData)
        {
            foreach (NamedEvaluation evaluation in spec.Evaluations.Where(e => e.Shift is CovariateShift))
            {
                errors.Add($"evaluation '{evaluation.Name}': a covariate shift scales inputs, which one-hot text contexts do not have.");
            }
        }

        if (spec.Model is LinearThroughOriginModel && spec.Train is not LeastSquaresTrain)
        {
            errors.Add("a linear model through the origin is fitted by least squares only; use TrainSpec.LeastSquares, or ModelSpec.Linear() for gradient training.");
        }

        return errors;
    }

    private static string Kind(object spec) => spec.GetType().Name;

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
