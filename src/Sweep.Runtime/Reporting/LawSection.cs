using System.Globalization;
using System.Text;
using Sweep.Analysis;

namespace Sweep.Reporting;

/// <summary>
/// The <c>## Laws</c> section of a study report: per law its formula and columns, a row per group with every
/// parameter and its interval, the convergence, and for joint laws the compute-optimal frontier; a law that could
/// not be fitted shows why.
/// </summary>
internal static class LawSection
{
    public static string Markdown(LawResults laws, IReadOnlyDictionary<string, IReadOnlyList<Figures.Figure>>? figures = null)
    {
        StringBuilder md = new();
        md.AppendLine("## Laws");
        md.AppendLine();
        if (laws.Fits.Count > 0)
        {
            md.Append(Method(laws));
        }

        foreach (IGrouping<string, LawResult> law in laws.Fits.GroupBy(f => f.Name, StringComparer.Ordinal))
        {
            md.Append(Law(laws, law));
            md.Append(Images(figures, law.Key));
        }

        foreach (PeakResults peak in laws.Peaks ?? [])
        {
            md.Append(Peak(peak));
            md.Append(Images(figures, peak.Name));
        }

        return md.ToString();
    }

    private static string Images(IReadOnlyDictionary<string, IReadOnlyList<Figures.Figure>>? figures, string name)
        => figures is not null && figures.TryGetValue(name, out IReadOnlyList<Figures.Figure>? list) ? string.Concat(list.Select(MarkdownReport.Image)) : string.Empty;

    private static string Method(LawResults laws)
    {
        StringBuilder md = new();
        double delta = laws.Fits.Select(f => f.Report?.HuberDelta).FirstOrDefault(d => d is not null) ?? Huber.HoffmannDelta;
        FitLoss[] losses = [.. laws.Fits.Select(f => f.Report?.Controls?.Loss ?? FitLoss.Huber).Distinct()];
        string loss = losses.Length != 1 ? "The loss each law names in its settings line,"
            : losses[0] switch
            {
                FitLoss.Mse => "Squared log residuals, summed,",
                FitLoss.Gaussian => "A Gaussian likelihood of the log residuals with a fitted scale,",
                _ => string.Create(CultureInfo.InvariantCulture, $"Huber loss (δ = {delta:G3}) on log residuals, summed,"),
            };
        string intervals = laws.Fits.Select(f => f.Report?.Bootstrap).FirstOrDefault(b => b is not null) is { } boot
            ? string.Create(CultureInfo.InvariantCulture,
                $"intervals are {boot.Confidence * 100:G3}% percentile intervals over {boot.Replicas} bootstrap replicas resampling {Resampled(boot.Resampling)} (seed {boot.Seed}).")
            : "no bootstrap, so no intervals.";
        md.AppendLine($"One point per done trial (seeds included). {loss} minimised by L-BFGS from a grid of starts; {intervals}");
        md.AppendLine();
        return md.ToString();
    }

    private static string Law(LawResults laws, IGrouping<string, LawResult> law)
    {
        StringBuilder md = new();
        LawResult first = law.First();
        md.AppendLine(CultureInfo.InvariantCulture, $"### {first.Name}");
        md.AppendLine();
        string by = first.Columns.By is null ? string.Empty : $", fitted per `{first.Columns.By}`";
        string evaluation = first.Evaluation is null ? string.Empty : $" (evaluation `{first.Evaluation}`)";
        md.AppendLine(CultureInfo.InvariantCulture, $"`{first.Formula}` with {Columns(first)}{evaluation}{by}.");
        md.AppendLine();
        if (law.All(f => f.Report is null) && law.Count() == 1)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"Not fitted: {first.Error}");
            md.AppendLine();
            return md.ToString();
        }

        IReadOnlyList<string> parameters = law.Select(f => f.Report).FirstOrDefault(r => r is not null)?.Parameters.Select(p => p.Name).ToArray() ?? [];
        List<string> header = [];
        if (first.Columns.By is not null)
        {
            header.Add(first.Columns.By);
        }

        header.Add("points");
        header.AddRange(parameters);
        header.Add("convergence");
        md.AppendLine("| " + string.Join(" | ", header) + " |");
        md.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", header.Count)));
        foreach (LawResult fit in law)
        {
            List<string> row = [];
            if (first.Columns.By is not null)
            {
                row.Add(Escape(fit.Group ?? string.Empty));
            }

            row.Add(fit.Points.ToString(CultureInfo.InvariantCulture));
            if (fit.Report is { } report)
            {
                row.AddRange(report.Parameters.Select(Estimate));
                row.Add(Escape(Convergence(report.Convergence)));
            }
            else
            {
                row.AddRange(parameters.Select(_ => "–"));
                row.Add(Escape($"not fitted: {fit.Error}"));
            }

            md.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        md.AppendLine();
        md.Append(LawResult.ControlsAndWarningsMarkdown(law));
        if (laws.Crossovers?.Where(c => c.Law == law.Key).ToList() is { Count: > 0 } crossovers)
        {
            md.Append(Crossovers(first.Columns, crossovers));
        }

        foreach (LawResult fit in law.Where(f => f.Report?.ComputeOptimal is { Count: > 0 }))
        {
            string group = fit.GroupLabel is null ? string.Empty : $" ({fit.GroupLabel})";
            md.AppendLine(CultureInfo.InvariantCulture, $"Compute-optimal allocation{group}, C = 6·N·D:");
            md.AppendLine();
            md.AppendLine("| C (FLOPs) | N_opt | D_opt | D/N | loss |");
            md.AppendLine("|---|---|---|---|---|");
            foreach (FrontierPoint point in fit.Report!.ComputeOptimal!)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {Significant(point.Compute)} | {Estimate(point.N)} | {Estimate(point.D)} | {Estimate(point.TokensPerParameter)} | {Estimate(point.Loss)} |");
            }

            md.AppendLine();
        }

        return md.ToString();
    }

    /// <summary>A declared peak: where the seed-mean curve peaks in each group, how high over each side, and how sure.</summary>
    private static string Peak(PeakResults peak)
    {
        StringBuilder md = new();
        FitColumns columns = peak.Analysis.Columns;
        md.AppendLine(CultureInfo.InvariantCulture, $"### {peak.Name}");
        md.AppendLine();
        string by = columns.By is null ? string.Empty : $", per `{columns.By}`";
        DoubleDescentResult? any = peak.Analysis.Groups.Select(g => g.Result).FirstOrDefault(r => r is not null);
        string intervals = any is null || double.IsNaN(any.FractionOfReplicasWithPeak)
            ? "no bootstrap, so no intervals"
            : "intervals from resampling whole seeds";
        md.AppendLine(CultureInfo.InvariantCulture,
            $"The peak of `{columns.Y}` along `{columns.X}` (evaluation `{peak.Evaluation}`){by}: the interior maximum of the seed-mean curve with the largest prominence, refined by a parabola in log `{columns.X}`; {intervals}; above noise when fewer than 5% of flat curves with the same seed-to-seed spread show a peak as prominent.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"| {(columns.By is null ? "group" : columns.By)} | points | peak at `{columns.X}` | peak `{columns.Y}` | × left valley | × right valley | replicas with a peak | above noise |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (GroupedResult<DoubleDescentResult> group in peak.Analysis.Groups)
        {
            string label = Escape(group.Group ?? "all");
            string points = group.Points.ToString(CultureInfo.InvariantCulture);
            if (group.Result is not { } r)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {points} | {Escape($"not located: {group.Error}")} | – | – | – | – | – |");
                continue;
            }

            string replicas = double.IsNaN(r.FractionOfReplicasWithPeak) ? "–" : string.Create(CultureInfo.InvariantCulture, $"{r.FractionOfReplicasWithPeak * 100:0}%");
            string located = r.Found
                ? $"{Estimate(r.PeakX)} | {Estimate(r.PeakY)} | {Estimate(r.RatioOverLeft)} | {Estimate(r.RatioOverRight)}"
                : "no interior peak | – | – | –";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {points} | {located} | {replicas} | {AboveNoise(r.Significant)} |");
        }

        md.AppendLine();
        return md.ToString();
    }

    /// <summary>Whether a peak stands out of the seed-to-seed noise (<see cref="DoubleDescentResult.Significant"/>).</summary>
    public static string AboveNoise(bool? significant) => significant switch
    {
        true => "yes",
        false => "no",
        null => "–",
    };

    /// <summary>Where each pair of groups' curves cross, or which group stays lower.</summary>
    private static string Crossovers(FitColumns columns, IReadOnlyList<GroupCrossover> crossovers)
    {
        StringBuilder md = new();
        md.AppendLine(CultureInfo.InvariantCulture, $"Where the fitted curves of two `{columns.By}` groups cross (searched from 1/1000 of the smallest to 1000× the largest measured `{columns.X}`):");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"| groups | crossing `{columns.X}` | measured range | lower below | lower above | replica pairs crossing |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (GroupCrossover c in crossovers)
        {
            CrossoverResult r = c.Result;
            string crossing = !r.Found ? "no crossing" : $"{Estimate(r.Scale)} ({(r.InsideMeasuredRange ? "inside" : "extrapolated")})";
            string replicas = r.ReplicaPairs == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{r.FractionCrossing * 100:0}% of {r.ReplicaPairs}");
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {Escape(c.First)} vs {Escape(c.Second)} | {crossing} | [{Significant(r.MeasuredLow)}, {Significant(r.MeasuredHigh)}] | {Escape(r.LowerBelow)} | {Escape(r.LowerAbove)} | {replicas} |");
        }

        md.AppendLine();
        return md.ToString();
    }

    /// <summary>A parameter as <c>estimate [lower, upper]</c>, or the estimate alone without a bootstrap.</summary>
    public static string Estimate(ParameterEstimate estimate)
        => double.IsNaN(estimate.Lower)
            ? Significant(estimate.Estimate)
            : $"{Significant(estimate.Estimate)} [{Significant(estimate.Lower)}, {Significant(estimate.Upper)}]";

    /// <summary>Four significant digits, in exponent form (<c>1.154e+4</c>) outside [1e-3, 1e4).</summary>
    public static string Significant(double value)
    {
        double magnitude = Math.Abs(value);
        return double.IsNaN(value) ? "–"
            : magnitude != 0 && (magnitude >= 1e4 || magnitude < 1e-3) ? value.ToString("0.###e+0", CultureInfo.InvariantCulture)
            : value.ToString("G4", CultureInfo.InvariantCulture);
    }

    /// <summary>How the winning start stopped, in a few words.</summary>
    public static string Convergence(ConvergenceReport report)
    {
        string reason = report.StopReason switch
        {
            StopReason.GradientTolerance => "gradient tolerance",
            StopReason.FunctionTolerance => "function tolerance",
            StopReason.StepTolerance => "step tolerance",
            StopReason.MaxIterations => "iteration limit",
            StopReason.LineSearchFailed => "line search failed",
            _ => "non-finite objective",
        };
        string state = report.Converged ? "converged" : "NOT converged";
        return string.Create(CultureInfo.InvariantCulture, $"{state} ({reason}), {report.Iterations} iterations, max |gradient| {report.GradientNorm:0.#e+0}");
    }

    private static string Columns(LawResult fit)
        => fit.Columns.D is null
            ? $"x = `{fit.Columns.X}`, y = `{fit.Columns.Y}`"
            : $"N = `{fit.Columns.X}`, D = `{fit.Columns.D}`, loss = `{fit.Columns.Y}`";

    private static string Resampled(BootstrapResampling resampling)
        => resampling == BootstrapResampling.Cells ? "whole cells, so that the seeds of a configuration travel together" : "points";

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
