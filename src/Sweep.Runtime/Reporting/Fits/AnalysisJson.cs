using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sweep.Analysis;

/// <summary>JSON for analysis results (<c>fit --json</c>): camelCase, indented, enums as strings, NaN as "NaN".</summary>
public static class AnalysisJson
{
    /// <summary>The serializer options, backed by a source-generated context (no reflection).</summary>
    public static JsonSerializerOptions Options { get; } = new(AnalysisJsonContext.Default.Options);

    /// <summary>Serialises an analysis result (<see cref="FitReport"/>, <see cref="LawResults"/>, <see cref="CrossoverResult"/>, …).</summary>
    /// <typeparam name="T">A result type registered in the context.</typeparam>
    /// <param name="value">The result.</param>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, typeof(T), AnalysisJsonContext.Default);

    /// <summary>Reads a result back.</summary>
    /// <typeparam name="T">A result type registered in the context.</typeparam>
    /// <param name="json">The JSON text.</param>
    public static T? Deserialize<T>(string json) => (T?)JsonSerializer.Deserialize(json, typeof(T), AnalysisJsonContext.Default);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(FitReport))]
[JsonSerializable(typeof(LawResults))]
[JsonSerializable(typeof(CrossoverResult))]
[JsonSerializable(typeof(BacktestResult))]
[JsonSerializable(typeof(IsoFlopResult))]
[JsonSerializable(typeof(DoubleDescentResult))]
[JsonSerializable(typeof(IReadOnlyList<LawComparison>))]
[JsonSerializable(typeof(IReadOnlyList<FrontierPoint>))]
[JsonSerializable(typeof(GroupedAnalysis<LawComparisonResult>))]
[JsonSerializable(typeof(GroupedAnalysis<IsoFlopResult>))]
[JsonSerializable(typeof(GroupedAnalysis<DoubleDescentResult>))]
[JsonSerializable(typeof(Robustness.RobustnessReport))]
internal sealed partial class AnalysisJsonContext : JsonSerializerContext;
