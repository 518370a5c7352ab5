using Sweep.Analysis;

namespace Sweep.Cli;

/// <summary>
/// The analyses <c>fit</c> runs instead of a single law fit: a leave-one-scale-out comparison of laws
/// (<c>--compare</c>), an IsoFLOP analysis (<c>--isoflop</c>) and a double-descent peak (<c>--peak</c>), each once
/// per group of <c>--by</c>, with the bootstrap settings of <c>--bootstrap</c> and <c>--seed</c>.
/// </summary>
internal static class FitAnalyses
{
    public static GroupedAnalysis<LawComparisonResult> Compare(
        FitInput input, IReadOnlyList<ScalingLaw> laws, FitColumns columns, LawFitSettings settings, int foldStarts = ModelComparison.DefaultFoldStarts, TextWriter? progress = null)
        => Run("compare", input, columns, data => Compare(data, laws, settings, foldStarts, progress));

    /// <summary>Compares <paramref name="laws"/> on one group's points (see <see cref="ModelComparison.LeaveOneScaleOut"/>).</summary>
    public static LawComparisonResult Compare(FitData data, IReadOnlyList<ScalingLaw> laws, LawFitSettings settings, int foldStarts, TextWriter? progress)
    {
        foreach (ScalingLaw law in laws)
        {
            data.RequireDistinctScales(law.ParameterCount + 1, $"law '{law.Name}' has {law.ParameterCount} parameters and each fold leaves one scale out");
        }

        ProgressLine? line = progress is null ? null : new ProgressLine(progress, "compare");
        var result = new LawComparisonResult(data.Scales, ModelComparison.LeaveOneScaleOut(data, laws, settings.Fit, foldStarts, line));
        line?.Finish();
        return result;
    }

    public static GroupedAnalysis<IsoFlopResult> IsoFlop(FitInput input, FitColumns columns, LawFitSettings settings)
    {
        BootstrapOptions? bootstrap = settings.Fit.Bootstrap;
        return Run("isoflop", input, columns, data => Analysis.IsoFlop.Fit(data, bootstrap?.Replicas ?? 0, bootstrap?.Seed ?? new BootstrapOptions().Seed, bootstrap?.Confidence ?? 0.95));
    }

    public static GroupedAnalysis<DoubleDescentResult> Peak(FitInput input, FitColumns columns, LawFitSettings settings)
    {
        DoubleDescentOptions options = DoubleDescentOptions.From(settings.Fit.Bootstrap);
        return Run("peak", input, columns, data => DoubleDescent.Locate(data, options));
    }

    /// <summary>Prints <paramref name="analysis"/> as JSON or text; a group that could not be analysed is an error naming it.</summary>
    public static void Write<T>(TextWriter output, bool json, GroupedAnalysis<T> analysis, Action<GroupedAnalysis<T>, TextWriter> text)
        where T : class
    {
        if (analysis.FirstFailure is { } failed)
        {
            throw new CliException((failed.Group is null ? string.Empty : $"{analysis.Columns.By}={failed.Group}: ") + failed.Error);
        }

        if (json)
        {
            output.WriteLine(AnalysisJson.Serialize(analysis));
            return;
        }

        text(analysis, output);
        if (analysis.ObjectiveBackend is { } backend)
        {
            output.WriteLine();
            output.WriteLine($"objective backend: {backend}");
        }
    }

    /// <summary>
    /// Progress of a long analysis on stderr: nothing for the first two seconds, then a line at most every two seconds
    /// ("compare: 17 of 40 fits, 4.1 s"), and a last one when it ends.
    /// </summary>
    private sealed class ProgressLine(TextWriter writer, string what) : IProgress<(int Done, int Total)>
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private double _last;
        private (int Done, int Total) _value;
        private bool _shown;

        public void Report((int Done, int Total) value)
        {
            _value = value;
            double now = _clock.Elapsed.TotalSeconds;
            if (now >= 2 && now - _last >= 2)
            {
                _last = now;
                _shown = true;
                writer.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{what}: {value.Done} of {value.Total} fits, {now:0.0} s"));
            }
        }

        public void Finish()
        {
            if (_shown)
            {
                writer.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{what}: {_value.Done} of {_value.Total} fits, done in {_clock.Elapsed.TotalSeconds:0.0} s"));
            }
        }
    }

    private static GroupedAnalysis<T> Run<T>(string name, FitInput input, FitColumns columns, Func<FitData, T> analyse)
        where T : class
    {
        List<GroupedResult<T>> groups = [];
        foreach (FitGroup group in input.Load(columns))
        {
            try
            {
                groups.Add(new GroupedResult<T>(group.Group, group.Points, analyse(group.Data!), null));
            }
            catch (Exception e) when (e is FitDataException or InvalidOperationException or ArgumentException)
            {
                groups.Add(new GroupedResult<T>(group.Group, group.Points, null, e.Message));
            }
        }

        return new GroupedAnalysis<T>(name, input.Source, columns, groups);
    }
}
