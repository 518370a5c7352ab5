using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Sweep.Generators.Constants;

namespace Sweep.Generators.Tests.Infrastructure;

/// <summary>
/// Runs the generator before and after an edit, on one driver (as an IDE does), and reads what the second run did:
/// which steps re-ran, the generated texts, the emitted source hash.
/// </summary>
internal static partial class GeneratorEdits
{
    /// <summary>Runs the generator on sources, edits the compilation, and runs it again with the first run's driver.</summary>
    /// <param name="edit">The edit.</param>
    /// <param name="sources">The sources before the edit (Study0.cs, Study1.cs, …).</param>
    /// <returns>Both runs.</returns>
    public static (GeneratorRun First, GeneratorRun Second) RunEdited(Func<CSharpCompilation, CSharpCompilation> edit, params string[] sources)
    {
        CSharpCompilation compilation = GeneratorDriverHelper.CreateCompilation(sources);
        GeneratorRun first = GeneratorDriverHelper.Run(compilation);
        GeneratorRun second = GeneratorDriverHelper.Run(edit(compilation), first.Driver);
        return (first, second);
    }

    /// <summary>Replaces the text of one source file, keeping its path.</summary>
    /// <param name="compilation">The compilation.</param>
    /// <param name="source">The new text.</param>
    /// <param name="path">The file to replace; the only one when null.</param>
    /// <returns>The edited compilation.</returns>
    public static CSharpCompilation ReplaceSource(CSharpCompilation compilation, string source, string? path = null)
    {
        SyntaxTree old = path is null ? compilation.SyntaxTrees.Single() : compilation.SyntaxTrees.Single(t => t.FilePath == path);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(source, GeneratorDriverHelper.ParseOptions, path: old.FilePath));
    }

    /// <summary>Asserts why the parse step and the source output ran (one study).</summary>
    /// <param name="run">The second run.</param>
    /// <param name="parse">The parse step's reason.</param>
    /// <param name="output">The source output's reason.</param>
    public static void AssertReasons(GeneratorRun run, IncrementalStepRunReason parse, IncrementalStepRunReason output)
    {
        GeneratorRunResult result = Assert.Single(run.Result.Results);
        Assert.Equal([parse], result.TrackedSteps[TrackingNames.Parse].SelectMany(s => s.Outputs).Select(o => o.Reason));
        Assert.Equal(
            [output],
            result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason));
    }

    /// <summary>The generated texts of a run.</summary>
    /// <param name="run">The run.</param>
    /// <returns>One text per generated file.</returns>
    public static string[] Texts(GeneratorRun run)
        => [.. run.Result.GeneratedTrees.Select(t => t.ToString())];

    /// <summary>The <c>SourceHash</c> the run's only generated file sets.</summary>
    /// <param name="run">The run.</param>
    /// <returns>The hash.</returns>
    public static string SourceHash(GeneratorRun run)
    {
        Match match = SourceHashAssignment().Match(Assert.Single(Texts(run)));
        Assert.True(match.Success, "the generated descriptor sets no SourceHash");
        return match.Groups["hash"].Value;
    }

    [GeneratedRegex("SourceHash = \"(?<hash>[^\"]*)\"")]
    private static partial Regex SourceHashAssignment();
}
