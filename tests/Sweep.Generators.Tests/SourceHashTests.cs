using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Sweep.Generators.Tests.Infrastructure;

namespace Sweep.Generators.Tests;

/// <summary>
/// <c>StudyDescriptor.SourceHash</c>: the same for the same code whatever the run, file order, comments or
/// whitespace; different after any edit of what a trial computes, in any partial declaration of the class, and the
/// pipeline re-emits exactly then.
/// </summary>
public sealed class SourceHashTests
{
    private const string Study = """
        using Sweep;

        namespace Demo;

        [Study("hashed", Seeds = 2, Description = "A trial study with a law.")]
        public partial class Hashed
        {
            [Axis, Values(1, 2, 3)] public int Size { get; init; }

            [Derived(Quantity.Parameters)] public long Parameters => 10L * Size;

            [Law] public LawSpec Loss => LawSpec.PowerLaw(x: nameof(Size), y: Metric.TestLoss);

            [Trial]
            public void Run(TrialContext context) => context.Record(Metric.TestLoss, Scale() / Size);
        }
        """;

    private const string StudyFile = "Study0.cs";

    private const string HelperFile = "Study1.cs";

    private const string Helper = """
        namespace Demo;

        public partial class Hashed
        {
            // The trial's scale lives in another file.
            private double Scale() => 1.0;
        }
        """;

    [Fact]
    public void SameSource_GivesTheSameHashOnEveryRun()
    {
        string first = GeneratorEdits.SourceHash(GeneratorDriverHelper.RunValid(Study, Helper));
        string second = GeneratorEdits.SourceHash(GeneratorDriverHelper.RunValid(Study, Helper));

        Assert.Matches("^[0-9a-f]{32}$", first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void FileOrder_DoesNotChangeTheHash()
    {
        string forward = GeneratorEdits.SourceHash(GeneratorDriverHelper.RunValid(Study, Helper));
        string backward = GeneratorEdits.SourceHash(GeneratorDriverHelper.RunValid(Helper, Study));

        Assert.Equal(forward, backward);
    }

    [Fact]
    public void CommentsAndWhitespace_KeepTheHashAndTheOutputCached()
    {
        string edited = Study
            .Replace("[Trial]", "/// <summary>The trial.</summary>\n    [Trial]   // runs once per trial", StringComparison.Ordinal)
            .Replace("=> context.Record(", "\n        =>   /* the loss */ context.Record(\n            ", StringComparison.Ordinal)
            .Replace("    [Derived", "    #region columns\n\n    [Derived", StringComparison.Ordinal)
            .Replace("    [Law]", "    #endregion\n    [Law]", StringComparison.Ordinal);

        AssertEdit(StudyFile, edited, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached, changesHash: false);
    }

    [Fact]
    public void CodeEditInTheTrialMethod_ChangesTheHashAndReemits()
        => AssertEdit(
            StudyFile,
            Study.Replace("Scale() / Size", "Scale() / (Size + 1)", StringComparison.Ordinal),
            IncrementalStepRunReason.Modified,
            IncrementalStepRunReason.Modified,
            changesHash: true);

    [Fact]
    public void CodeEditInAnotherPartialFile_ReparsesTheStudyAndChangesTheHash()
    {
        // The [Study] attribute is in Study0.cs; only Study1.cs changes. ForAttributeWithMetadataName still re-runs
        // the transform (its input includes the compilation), so the hash sees every partial declaration.
        AssertEdit(
            HelperFile,
            Helper.Replace("=> 1.0;", "=> 2.0;", StringComparison.Ordinal),
            IncrementalStepRunReason.Modified,
            IncrementalStepRunReason.Modified,
            changesHash: true);
    }

    [Fact]
    public void AddedPartialFile_ChangesTheHash()
    {
        const string more = "namespace Demo; public partial class Hashed { private int _calls; }";

        (GeneratorRun first, GeneratorRun second) = GeneratorEdits.RunEdited(
            c => c.AddSyntaxTrees(CSharpSyntaxTree.ParseText(more, GeneratorDriverHelper.ParseOptions, path: "More.cs")),
            Study,
            Helper);

        GeneratorEdits.AssertReasons(second, IncrementalStepRunReason.Modified, IncrementalStepRunReason.Modified);
        Assert.NotEqual(GeneratorEdits.SourceHash(first), GeneratorEdits.SourceHash(second));
    }

    [Theory]
    [InlineData("Values(1, 2, 3)", "Values(1, 2, 3, 4)")]
    [InlineData("Values(1, 2, 3)", "Geometric(1, 8, Steps = 4)")]
    [InlineData("Seeds = 2", "Seeds = 5")]
    [InlineData("[Study(\"hashed\"", "[Study(\"hashed-again\"")]
    [InlineData("A trial study with a law.", "Described otherwise.")]
    public void WhatChoosesTrials_KeepsTheHash(string before, string after)
    {
        // A trial's description already carries its axis values and seed: extending a sweep must not make the
        // finished trials stale. The descriptor itself changes, so the file is re-emitted.
        AssertEdit(
            StudyFile,
            Study.Replace(before, after, StringComparison.Ordinal),
            IncrementalStepRunReason.Modified,
            IncrementalStepRunReason.Modified,
            changesHash: false);
    }

    [Fact]
    public void LawEdit_KeepsTheHashAndTheOutputCached()
    {
        // Laws are fitted from the stored results when a report is written: refitting must not re-run trials.
        AssertEdit(
            StudyFile,
            Study.Replace("y: Metric.TestLoss)", "y: Metric.TestLoss, irreducible: false)", StringComparison.Ordinal),
            IncrementalStepRunReason.Unchanged,
            IncrementalStepRunReason.Cached,
            changesHash: false);
    }

    [Fact]
    public void DerivedPropertyEdit_ChangesTheHash()
    {
        // Derived values are stored with each trial, so their formula is part of what a trial computes.
        AssertEdit(
            StudyFile,
            Study.Replace("10L * Size", "12L * Size", StringComparison.Ordinal),
            IncrementalStepRunReason.Modified,
            IncrementalStepRunReason.Modified,
            changesHash: true);
    }

    [Fact]
    public void EditOutsideTheClass_KeepsTheHash()
    {
        // The known limit: code the trial calls outside the study class is not part of the hash.
        const string outside = "namespace Demo; public static class Constants { public const double Scale = 1.0; }";
        string edited = outside.Replace("1.0", "2.0", StringComparison.Ordinal);

        (GeneratorRun first, GeneratorRun second) = GeneratorEdits.RunEdited(c => GeneratorEdits.ReplaceSource(c, edited, "Study2.cs"), Study, Helper, outside);

        GeneratorEdits.AssertReasons(second, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        Assert.Equal(GeneratorEdits.SourceHash(first), GeneratorEdits.SourceHash(second));
    }

    /// <summary>
    /// Runs <see cref="Study"/> and <see cref="Helper"/>, replaces one of them with an edited text, and checks why the
    /// second run's parse step and output ran and whether the emitted hash moved.
    /// </summary>
    private static void AssertEdit(string path, string edited, IncrementalStepRunReason parse, IncrementalStepRunReason output, bool changesHash)
    {
        Assert.NotEqual(path == StudyFile ? Study : Helper, edited);

        (GeneratorRun first, GeneratorRun second) = GeneratorEdits.RunEdited(c => GeneratorEdits.ReplaceSource(c, edited, path), Study, Helper);

        GeneratorEdits.AssertReasons(second, parse, output);
        Assert.Equal(changesHash, GeneratorEdits.SourceHash(first) != GeneratorEdits.SourceHash(second));
    }
}
