using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sweep.Generators.Diagnostics;
using Sweep.Generators.Diagnostics.Analyzers;

namespace Sweep.Generators.Tests;

/// <summary>Every rule is reported by an analyzer, tracked for release, and documented.</summary>
public sealed class DiagnosticCatalogTests
{
    private static readonly string s_repositoryRoot = Path.GetFullPath(Path.Combine(
        typeof(DiagnosticCatalogTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Sweep.ProjectDirectory").Value!,
        "..",
        ".."));

    public static TheoryData<string> Ids => [.. Descriptors().Select(d => d.Id)];

    [Fact]
    public void Analyzers_SupportEveryDescriptorExactlyOnce()
    {
        DiagnosticAnalyzer[] analyzers = [new StudyAnalyzer(), new DuplicateStudyNameAnalyzer()];

        string[] supported = [.. analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Order(StringComparer.Ordinal)];

        Assert.Equal(Descriptors().Select(d => d.Id).Order(StringComparer.Ordinal), supported);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_IsTrackedAndDocumented(string id)
    {
        DiagnosticDescriptor descriptor = Descriptors().Single(d => d.Id == id);
        string releases = File.ReadAllText(Path.Combine(s_repositoryRoot, "src", "Sweep.Generators", "AnalyzerReleases.Unshipped.md"));
        string doc = Path.Combine(s_repositoryRoot, "docs", "diagnostics", id + ".md");
        string index = File.ReadAllText(Path.Combine(s_repositoryRoot, "docs", "diagnostics", "README.md"));

        Assert.Contains($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity} |", releases, StringComparison.Ordinal);
        Assert.Equal($"docs/diagnostics/{id}.md", descriptor.HelpLinkUri);
        Assert.True(File.Exists(doc), $"missing {doc}");
        Assert.StartsWith($"# {id}: {descriptor.Title}", File.ReadAllText(doc), StringComparison.Ordinal);
        Assert.Contains($"| [{id}]({id}.md) | {descriptor.DefaultSeverity} | {descriptor.Title} |", index, StringComparison.Ordinal);
    }

    private static IEnumerable<DiagnosticDescriptor> Descriptors()
        => typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);
}
