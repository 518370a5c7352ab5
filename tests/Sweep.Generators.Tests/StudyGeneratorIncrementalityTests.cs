using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Sweep.Generators.Constants;
using Sweep.Generators.Tests.Infrastructure;

namespace Sweep.Generators.Tests;

/// <summary>
/// The pipeline caches: an identical compilation re-runs nothing (and no step holds a symbol, syntax node or
/// compilation), edits that do not change a study re-emit nothing, and edits that do re-emit it.
/// </summary>
public sealed class StudyGeneratorIncrementalityTests
{
    private static readonly string[] s_trackingNames = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    [Theory]
    [MemberData(nameof(TestStudies.Names), MemberType = typeof(TestStudies))]
    public void SameCompilation_CachesEveryStepAndHoldsNoRoslynObjects(string name)
    {
        CSharpCompilation compilation = GeneratorDriverHelper.CreateCompilation(TestStudies.All[name]);
        GeneratorRun first = GeneratorDriverHelper.Run(compilation);
        GeneratorRun second = GeneratorDriverHelper.Run(compilation.Clone(), first.Driver);

        GeneratorRunResult firstResult = Assert.Single(first.Result.Results);
        GeneratorRunResult secondResult = Assert.Single(second.Result.Results);
        Assert.NotEmpty(s_trackingNames);
        foreach (string step in s_trackingNames)
        {
            ImmutableArray<IncrementalGeneratorRunStep> before = firstResult.TrackedSteps[step];
            ImmutableArray<IncrementalGeneratorRunStep> after = secondResult.TrackedSteps[step];
            Assert.NotEmpty(before);
            Assert.Equal(
                before.SelectMany(s => s.Outputs).Select(o => o.Value),
                after.SelectMany(s => s.Outputs).Select(o => o.Value));
            Assert.All(
                after.SelectMany(s => s.Outputs),
                output => Assert.True(
                    output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"step '{step}' re-ran: {output.Reason}"));
            foreach (IncrementalGeneratorRunStep run in before)
            {
                AssertHoldsNoRoslynObjects(run.Outputs.Select(o => o.Value), step);
            }
        }

        Assert.All(
            secondResult.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void AddedComment_DoesNotModifyOutput()
    {
        string edited = TestStudies.MlpWidth.Replace("public partial class MlpWidth", "// A comment.\npublic partial class MlpWidth", StringComparison.Ordinal);

        (GeneratorRun first, GeneratorRun second) = GeneratorEdits.RunEdited(c => GeneratorEdits.ReplaceSource(c, edited), TestStudies.MlpWidth);

        GeneratorEdits.AssertReasons(second, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        Assert.Equal(GeneratorEdits.Texts(first), GeneratorEdits.Texts(second));
    }

    [Fact]
    public void AddedUnrelatedType_DoesNotModifyOutput()
    {
        (GeneratorRun first, GeneratorRun second) = GeneratorEdits.RunEdited(
            c => c.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other; public class Unrelated { public int X { get; set; } }", GeneratorDriverHelper.ParseOptions, path: "Other.cs")),
            TestStudies.MlpWidth);

        GeneratorEdits.AssertReasons(second, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
        Assert.Equal(GeneratorEdits.Texts(first), GeneratorEdits.Texts(second));
    }

    [Fact]
    public void ChangedAxisValue_ModifiesOutput()
    {
        string edited = TestStudies.MlpWidth.Replace("Values(16, 32, 64)", "Values(16, 32, 128)", StringComparison.Ordinal);
        Assert.NotEqual(TestStudies.MlpWidth, edited);

        (GeneratorRun first, GeneratorRun second) = GeneratorEdits.RunEdited(c => GeneratorEdits.ReplaceSource(c, edited), TestStudies.MlpWidth);

        GeneratorEdits.AssertReasons(second, IncrementalStepRunReason.Modified, IncrementalStepRunReason.Modified);
        Assert.DoesNotContain("{ 16, 32, 128 }", GeneratorEdits.Texts(first).Single(), StringComparison.Ordinal);
        Assert.Contains("new int[] { 16, 32, 128 }", GeneratorEdits.Texts(second).Single(), StringComparison.Ordinal);
    }

    /// <summary>EnumGenerators' check: walk a step's outputs and fail on anything that would keep a compilation alive.</summary>
    private static void AssertHoldsNoRoslynObjects(object? node, string path, HashSet<object>? visited = null)
    {
        if (node is null)
        {
            return;
        }

        Assert.False(node is Compilation or ISymbol or SyntaxNode or SyntaxTree or SemanticModel, $"{path} holds a {node.GetType().Name}");
        Type type = node.GetType();
        if (type.IsPrimitive || type.IsEnum || node is string or decimal)
        {
            return;
        }

        visited ??= new HashSet<object>(ReferenceEqualityComparer.Instance);
        if (!type.IsValueType && !visited.Add(node))
        {
            return;
        }

        if (node is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items)
            {
                AssertHoldsNoRoslynObjects(item, $"{path}[{i++}]", visited);
            }
        }

        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (!field.FieldType.IsPointer && !field.FieldType.IsByRefLike)
            {
                AssertHoldsNoRoslynObjects(field.GetValue(node), $"{path}.{field.Name}", visited);
            }
        }
    }
}
