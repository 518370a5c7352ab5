namespace Sweep.Training;

/// <summary>
/// What makes a trial's specs unrunnable by the built-in engine, found before any work starts: a spec kind it does
/// not know, least squares of an MLP, and gradient settings a <c>with</c> expression put out of range (the spec
/// factories check their own arguments; <c>with</c> bypasses them).
/// </summary>
/// <example>
/// <code>
/// IReadOnlyList&lt;string&gt; errors = SpecValidation.Errors(spec);
/// if (errors.Count &gt; 0) Console.Error.WriteLine(string.Join("; ", errors));
/// </code>
/// </example>
public static class SpecValidation
{
    /// <summary>Every reason the specs cannot run; empty when they can.</summary>
    /// <param name="spec">The trial.</param>
    /// <returns>The reasons, each a sentence.</returns>
    public static IReadOnlyList<string> Errors(TrialSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Chain is not null)
        {
            return Collapse.CollapseValidation.Errors(spec);
        }

        List<string> errors = [.. Collapse.CollapseValidation.OutsideChain(spec)];
        if (spec.Data is not (TeacherStudentData or GaussianMixtureData or ZipfMarkovData or GaussianData))
        {
            errors.Add($"the engine has no data of kind {spec.Data.GetType().Name}.");
        }

        if (spec.Model is not (LinearModel or RandomFeaturesModel or MlpModel or LinearThroughOriginModel or GaussianModel or GaussianMixtureModel or NGramModel))
        {
            errors.Add($"the engine has no model of kind {spec.Model.GetType().Name}.");
        }

        switch (spec.Train)
        {
            case LeastSquaresTrain when spec.Model is MlpModel:
                errors.Add("least squares fits linear and random-features models only; train an MLP with a gradient optimiser.");
                break;
            case LeastSquaresTrain or MomentsTrain or EmTrain or CountsTrain:
                break;
            case GradientTrain g:
                CheckGradient(g, errors);
                break;
            default:
                errors.Add($"the engine has no training of kind {spec.Train.GetType().Name}.");
                break;
        }

        if (spec.Data.Validation is not null && (!spec.Data.IsClassification || spec.Train is not GradientTrain || spec.Data is ZipfMarkovData))
        {
            errors.Add("Data.Validation: temperature scaling needs a softmax classifier trained by a gradient optimiser on Gaussian-mixture or teacher-student classes.");
        }

        if (spec.Data.Spurious is not null && (!spec.Data.IsClassification || spec.Data is not (GaussianMixtureData or TeacherStudentData)))
        {
            errors.Add("Data.Spurious: a spurious feature codes a class; it needs Gaussian-mixture or teacher-student classes.");
        }

        if (spec.Evaluations.Count == 0)
        {
            errors.Add("a trial needs at least one evaluation.");
        }

        foreach (NamedEvaluation evaluation in spec.Evaluations)
        {
            if (evaluation.Shift is SpuriousShift && spec.Data.Spurious is null)
            {
                errors.Add($"evaluation '{evaluation.Name}': a spurious shift changes the data's spurious feature, and Data.Spurious is not set.");
            }

            if (evaluation.Shift is LabelShift labelShift && (!spec.Data.IsClassification || labelShift.Priors.Count != spec.Data.Outputs))
            {
                errors.Add($"evaluation '{evaluation.Name}': a label shift gives {labelShift.Priors.Count} class priors, but the data have {(spec.Data.IsClassification ? $"{spec.Data.Outputs} classes" : "no classes (regression)")}.");
            }

            if (evaluation.Shift is not (NoShift or CovariateShift or InputNoiseShift or LabelNoiseShift or AdversarialShift or LabelShift or CorruptionShift or SpuriousShift))
            {
                errors.Add($"evaluation '{evaluation.Name}': the engine has no shift of kind {evaluation.Shift.GetType().Name}.");
            }
        }

        return errors;
    }

    private static void CheckGradient(GradientTrain g, List<string> errors)
    {
        if (g.Steps < 1 || g.Batch < 1)
        {
            errors.Add($"gradient training needs steps ≥ 1 and batch ≥ 1 (steps {g.Steps}, batch {g.Batch}).");
        }

        Check(g.LearningRate > 0 && double.IsFinite(g.LearningRate), "the learning rate must be positive and finite", g.LearningRate, errors);
        Check(g.Momentum is >= 0 and < 1, "momentum must be in [0, 1)", g.Momentum, errors);
        Check(g.WeightDecay >= 0 && double.IsFinite(g.WeightDecay), "weight decay must be finite and not negative", g.WeightDecay, errors);
        Check(g.Beta1 is >= 0 and < 1, "beta1 must be in [0, 1)", g.Beta1, errors);
        Check(g.Beta2 is >= 0 and < 1, "beta2 must be in [0, 1)", g.Beta2, errors);
        Check(g.Epsilon > 0 && double.IsFinite(g.Epsilon), "epsilon must be positive and finite", g.Epsilon, errors);
        Check(g.ClipNorm >= 0 && double.IsFinite(g.ClipNorm), "the clipping norm must be finite and not negative (0 turns clipping off)", g.ClipNorm, errors);
        if (g.WarmupSteps < 0)
        {
            errors.Add($"warm-up steps must be ≥ 0 (got {g.WarmupSteps}).");
        }
    }

    private static void Check(bool ok, string rule, double value, List<string> errors)
    {
        if (!ok)
        {
            errors.Add(FormattableString.Invariant($"{rule} (got {value})."));
        }
    }
}
