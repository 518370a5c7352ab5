using System.Globalization;

namespace Sweep.Analysis;

/// <summary>
/// Plain-text renderings (invariant culture) of the analyses <c>fit</c> prints besides law fits: crossovers between
/// groups, law comparisons, IsoFLOP analyses and double-descent peaks.
/// </summary>
public static class AnalysisText
{
    /// <summary>Writes one sentence per crossover: where two groups' curves cross, or which stays lower.</summary>
    /// <param name="crossovers">The crossovers.</param>
    /// <param name="writer">The destination.</param>
    public static void WriteCrossovers(IReadOnlyList<GroupCrossover> crossovers, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(crossovers);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("crossovers (where two groups' fitted curves predict the same value):");
        foreach (GroupCrossover c in crossovers)
        {
            CrossoverResult r = c.Result;
            string pair = $"{c.Law}: {c.First} vs {c.Second}";
            string measured = $"[{Num(r.MeasuredLow)}, {Num(r.MeasuredHigh)}]";
            string replicas = r.ReplicaPairs == 0 ? string.Empty : Invariant($"; {r.FractionCrossing * 100:0}% of {r.ReplicaPairs} replica pairs cross");
            writer.WriteLine(r.Found
                ? $"  {pair} cross at {c.X} = {Cell(r.Scale)}, {(r.InsideMeasuredRange ? "inside" : "outside (an extrapolation of)")} the measured range {measured}; "
                    + $"{r.LowerBelow} is lower below it, {r.LowerAbove} above{replicas}"
                : $"  {pair} do not cross within a factor 1000 of the measured range {measured}: {r.LowerBelow} is lower throughout{replicas}");
        }
    }

    /// <summary>Writes a law comparison: per group, the laws ranked by leave-one-scale-out log-RMSE.</summary>
    /// <param name="analysis">The comparison.</param>
    /// <param name="writer">The destination.</param>
    public static void WriteComparison(GroupedAnalysis<LawComparisonResult> analysis, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("law comparison: each scale predicted by a fit that did not see it (leave-one-scale-out), log-RMSE;");
        writer.WriteLine("ranked by score = leave-one-scale-out log-RMSE * sqrt(s/(s-p)) for s distinct cells and p parameters, so a flexible law must predict clearly better to win");
        WriteGroups(analysis, writer, (_, result) =>
        {
            LawComparison[] laws = [.. result.Laws.OrderBy(l => l.Rank)];
            Table(writer, [
                ["rank", "law", "parameters", "in-sample", "leave-one-scale-out", "score"],
                .. laws.Select(l => (string[])[Invariant($"{l.Rank}"), l.Law, Invariant($"{l.Parameters}"), Num(l.InSampleLogRmse), Num(l.LeaveOneScaleOutLogRmse), Num(l.Score)]),
            ]);
            writer.WriteLine();
            writer.WriteLine($"log-RMSE at each held-out {analysis.Columns.X}:");
            Table(writer, [[analysis.Columns.X, .. laws.Select(l => l.Law)], .. result.Scales.Select((scale, k) => (string[])[Num(scale), .. laws.Select(l => Num(l.PerScaleLogRmse[k]))])]);
        });
    }

    /// <summary>Writes an IsoFLOP analysis: the minimum of each budget's parabola and the power laws through them.</summary>
    /// <param name="analysis">The analysis.</param>
    /// <param name="writer">The destination.</param>
    public static void WriteIsoFlop(GroupedAnalysis<IsoFlopResult> analysis, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(writer);
        string compute = analysis.Columns.Compute ?? "6·N·D";
        writer.WriteLine($"isoflop (Hoffmann et al.'s approach 2): per compute budget ({compute}, runs within 1% pooled), a parabola of loss in log N; its minimum is N_opt");
        WriteGroups(analysis, writer, (_, r) =>
        {
            Table(writer, [
                ["C (FLOPs)", "points", "N_opt", "D_opt", "loss at N_opt", "minimum"],
                .. r.Budgets.Select(b => (string[])[
                    Num(b.Compute), Invariant($"{b.Points}"), Cell(b.N), Cell(b.D), Num(b.Loss),
                    b.InsideMeasuredRange ? "inside the measured N" : "outside the measured N (extrapolated)"]),
            ]);
            if (r.TooFewSizes + r.NoMinimum > 0)
            {
                writer.WriteLine(Invariant(
                    $"{r.Budgets.Count} of {r.Budgets.Count + r.TooFewSizes + r.NoMinimum} budgets have a minimum in N and are fitted; left out: {r.TooFewSizes} with fewer than three distinct N (an IsoFLOP profile needs three or more sizes at one compute), {r.NoMinimum} whose parabola opens downward"));
            }

            writer.WriteLine();
            writer.WriteLine($"N_opt = k_N·C^a: a = {Cell(r.NExponent)}, k_N = {Cell(r.NCoefficient)}");
            writer.WriteLine($"D_opt = k_D·C^b: b = {Cell(r.DExponent)}, k_D = {Cell(r.DCoefficient)}");
            writer.WriteLine(Invariant($"bootstrap: {r.ReplicasUsed} replicas with a valid fit (points resampled within each budget)"));
        });
    }

    /// <summary>Writes a double-descent analysis: the peak, its height over both valleys, and the mean curve.</summary>
    /// <param name="analysis">The analysis.</param>
    /// <param name="writer">The destination.</param>
    public static void WritePeak(GroupedAnalysis<DoubleDescentResult> analysis, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(writer);
        string x = analysis.Columns.X, y = analysis.Columns.Y;
        string replicates = analysis.Columns.Replicate is { } column ? $"replicates (column {column}) resampled as wholes" : "points resampled within each value";
        writer.WriteLine($"peak of {y} along {x} (double descent): the interior maximum of the mean curve with the largest prominence; intervals: {replicates}");
        WriteGroups(analysis, writer, (_, r) =>
        {
            if (r.Found)
            {
                string significance = r.Significant switch
                {
                    true => "; above the noise (fewer than 5% of flat curves with this seed-to-seed spread show a peak as prominent)",
                    false => "; NOT above the noise (5% or more of flat curves with this seed-to-seed spread show a peak as prominent)",
                    null => string.Empty,
                };
                writer.WriteLine($"peak at {x} = {Cell(r.PeakX)}, {y} = {Cell(r.PeakY)}{significance}");
                writer.WriteLine($"left valley:  {y} = {Num(r.LeftMinY)} at {x} = {Num(r.LeftMinX)}; the peak is {Cell(r.RatioOverLeft)}× as high (+{Cell(r.ExcessOverLeft)})");
                writer.WriteLine($"right valley: {y} = {Num(r.RightMinY)} at {x} = {Num(r.RightMinX)}; the peak is {Cell(r.RatioOverRight)}× as high (+{Cell(r.ExcessOverRight)})");
            }
            else
            {
                writer.WriteLine($"no interior peak: the mean of {y} has no local maximum between the smallest and largest {x}");
            }

            if (!double.IsNaN(r.FractionOfReplicasWithPeak))
            {
                writer.WriteLine(Invariant($"bootstrap replicas with a peak: {r.FractionOfReplicasWithPeak * 100:0}%"));
            }

            if (r.PerSeedPeakX.Count > 0)
            {
                writer.WriteLine($"each replicate's own peak at {x}: {string.Join(", ", r.PerSeedPeakX.Select(p => double.IsNaN(p) ? "none" : Num(p)))}");
            }

            writer.WriteLine();
            Table(writer, [[x, $"mean {y}", "SE", "n"], .. r.Curve.Select(p => (string[])[Num(p.X), Num(p.Mean), Num(p.StandardError), Invariant($"{p.Samples}")])]);
        });
    }

    private static void WriteGroups<T>(GroupedAnalysis<T> analysis, TextWriter writer, Action<GroupedResult<T>, T> write)
        where T : class
    {
        foreach (GroupedResult<T> group in analysis.Groups)
        {
            writer.WriteLine();
            string label = group.Group is null ? string.Empty : $"{analysis.Columns.By}={group.Group}, ";
            writer.WriteLine(Invariant($"== {label}{group.Points} points from {analysis.Source} =="));
            if (group.Result is { } result)
            {
                write(group, result);
            }
            else
            {
                writer.WriteLine($"not analysed: {group.Error}");
            }
        }
    }

    private static void Table(TextWriter writer, string[][] rows)
    {
        int[] widths = [.. Enumerable.Range(0, rows[0].Length).Select(k => rows.Max(r => r[k].Length))];
        foreach (string[] row in rows)
        {
            writer.WriteLine(string.Join("  ", row.Select((cell, k) => cell.PadRight(widths[k]))).TrimEnd());
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Num(double v) => double.IsNaN(v) ? "-" : v.ToString("G4", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);

    private static string Cell(ParameterEstimate e) => double.IsNaN(e.Lower) ? Num(e.Estimate) : $"{Num(e.Estimate)} [{Num(e.Lower)}, {Num(e.Upper)}]";
}
