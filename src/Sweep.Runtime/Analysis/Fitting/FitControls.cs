using System.Globalization;

namespace Sweep.Analysis;

/// <summary>
/// The settings that shaped a fit, recorded in its report so that it can be reproduced: the loss and Huber δ, the row
/// filter, the weight column, the back-test split and the bootstrap. <see cref="Flags"/> writes them as the
/// <c>fit</c> flags that give the same fit on the same data.
/// </summary>
/// <param name="Loss">The loss minimised.</param>
/// <param name="HuberDelta">Huber's δ (used by <see cref="FitLoss.Huber"/> only).</param>
/// <param name="Where">The row filter (<see cref="FitColumns.Where"/>), or null.</param>
/// <param name="Weight">The weight column, or null.</param>
/// <param name="Holdout">The back-test split (<see cref="FitColumns.Holdout"/>), or null.</param>
/// <param name="DropHighest">Largest scales held out by the back-test (0 for none).</param>
/// <param name="FilteredOut">Rows the filter left out.</param>
/// <param name="Replicas">Bootstrap replicas (0 for none).</param>
/// <param name="Seed">Bootstrap seed, or null without a bootstrap.</param>
/// <param name="Resampling">What the bootstrap resampled, or null without one.</param>
public sealed record FitControls(
    FitLoss Loss, double HuberDelta, string? Where, string? Weight, string? Holdout, int DropHighest, int FilteredOut,
    int Replicas, ulong? Seed, BootstrapResampling? Resampling)
{
    /// <summary>The settings as <c>fit</c> flags (the law and its columns are not included).</summary>
    public string Flags
    {
        get
        {
            var c = CultureInfo.InvariantCulture;
            List<string> flags = [$"--fit-loss {Loss.ToString().ToLowerInvariant()}"];
            if (Loss == FitLoss.Huber)
            {
                flags.Add(HuberDelta.ToString("R", c).Insert(0, "--huber-delta "));
            }

            if (Where is not null)
            {
                flags.Add($"--where \"{Where}\"");
            }

            if (Weight is not null)
            {
                flags.Add($"--weight {Weight}");
            }

            if (Holdout is not null)
            {
                flags.Add($"--holdout \"{Holdout}\"");
            }

            if (DropHighest > 0)
            {
                flags.Add(string.Create(c, $"--drop-highest {DropHighest}"));
            }

            flags.Add(Replicas == 0
                ? "--bootstrap 0"
                : string.Create(c, $"--bootstrap {Replicas} --seed {Seed} --resample {Resampling?.ToString().ToLowerInvariant()}"));
            return string.Join(' ', flags);
        }
    }

    /// <summary>The controls of <paramref name="fit"/>: its loss, its data's filter, weights and split, its bootstrap.</summary>
    /// <param name="fit">The fit.</param>
    /// <param name="dropHighest">The back-test's held-out largest scales, if one was run that way.</param>
    public static FitControls From(LawFit fit, int dropHighest = 0)
    {
        ArgumentNullException.ThrowIfNull(fit);
        FitColumns columns = fit.Data.Columns;
        BootstrapSummary? boot = fit.Bootstrap;
        return new FitControls(
            fit.Loss, fit.HuberDelta, columns.Where, columns.Weight, columns.Holdout, dropHighest, fit.Data.FilteredOut,
            boot?.Replicas ?? 0, boot?.Seed, boot?.Resampling);
    }
}
