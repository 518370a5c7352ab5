using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Sweep.Generators.Diagnostics.Analyzers;

namespace Sweep.Generators.Tests.Infrastructure;

/// <summary>What one generator run produced.</summary>
/// <param name="Input">The compilation the generator ran on.</param>
/// <param name="Output">The compilation with the generated sources added.</param>
/// <param name="Driver">The driver after the run (for a second, incremental run).</param>
/// <param name="Result">The run's result: generated sources, diagnostics, tracked steps.</param>
internal sealed record GeneratorRun(CSharpCompilation Input, Compilation Output, GeneratorDriver Driver, GeneratorDriverRunResult Result);

/// <summary>
/// Compiles test sources against the .NET 10 reference assemblies plus Sweep.Dsl (not the test's own
/// AppDomain), runs <see cref="StudyGenerator"/> with step tracking on, and runs the analyzers.
/// </summary>
internal static class GeneratorDriverHelper
{
    /// <summary>The parse options every test source and generated source uses.</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> s_references =
    [
        .. Net100.References.All,
        MetadataReference.CreateFromFile(typeof(StudyAttribute).Assembly.Location),
    ];

    /// <summary>A library compilation of the given sources (file names Study0.cs, Study1.cs, …), nullable enabled.</summary>
    /// <param name="sources">The sources.</param>
    /// <returns>The compilation.</returns>
    public static CSharpCompilation CreateCompilation(params string[] sources)
        => CSharpCompilation.Create(
            "SweepTests" + Guid.NewGuid().ToString("N"),
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Study{i}.cs")),
            s_references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>A driver for <see cref="StudyGenerator"/> that records every tracked step.</summary>
    /// <returns>The driver.</returns>
    public static GeneratorDriver CreateDriver()
        => CSharpGeneratorDriver.Create(
            [new StudyGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator on a compilation.</summary>
    /// <param name="compilation">The compilation.</param>
    /// <param name="driver">A driver from an earlier run, for incremental runs; a new one otherwise.</param>
    /// <returns>The run.</returns>
    public static GeneratorRun Run(CSharpCompilation compilation, GeneratorDriver? driver = null)
    {
        GeneratorDriver next = (driver ?? CreateDriver()).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        return new GeneratorRun(compilation, output, next, next.GetRunResult());
    }

    /// <summary>
    /// Runs the generator on valid sources and asserts that it reported nothing and that the output compiles
    /// without a single error.
    /// </summary>
    /// <param name="sources">The sources.</param>
    /// <returns>The run.</returns>
    public static GeneratorRun RunValid(params string[] sources)
    {
        GeneratorRun run = Run(CreateCompilation(sources));
        Assert.Empty(run.Result.Diagnostics);
        Diagnostic[] errors = run.Output.GetDiagnostics(TestContext.Current.CancellationToken)
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .ToArray();
        Assert.True(errors.Length == 0, "The output compilation has errors:\n" + string.Join("\n", errors.Select(e => e.ToString())));
        return run;
    }

    /// <summary>Runs the generator, then every Sweep analyzer on the output compilation, as a build would.</summary>
    /// <param name="sources">The sources.</param>
    /// <returns>The analyzer diagnostics, in source order.</returns>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(params string[] sources)
    {
        GeneratorRun run = Run(CreateCompilation(sources));
        CompilationWithAnalyzers analyzed = run.Output.WithAnalyzers(
            [new StudyAnalyzer(), new DuplicateStudyNameAnalyzer()],
            new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
        ImmutableArray<Diagnostic> diagnostics = await analyzed.GetAnalyzerDiagnosticsAsync(TestContext.Current.CancellationToken);
        return [.. diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start)];
    }

    /// <summary>Formats diagnostics one per line: <c>{Id} {Severity} {path}({line},{col}): {message}</c>.</summary>
    /// <param name="diagnostics">The diagnostics.</param>
    /// <returns>The text.</returns>
    public static string Format(IEnumerable<Diagnostic> diagnostics)
        => string.Join("\n", diagnostics.Select(d =>
        {
            FileLinePositionSpan span = d.Location.GetLineSpan();
            return $"{d.Id} {d.Severity} {span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        }));
}
