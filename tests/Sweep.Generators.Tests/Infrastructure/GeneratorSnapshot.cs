using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Sweep.Generators.Tests.Infrastructure;

/// <summary>Snapshots every source a generator run produced, one verified file per hint name.</summary>
internal static class GeneratorSnapshot
{
    /// <summary>
    /// Matches each generated source with <c>Snapshots/{TestFile}.{TestMethod}#{HintName}.verified.cs</c>, and the
    /// generator's own diagnostics (if any) with <c>{TestFile}.{TestMethod}.verified.txt</c>.
    /// </summary>
    /// <param name="run">The run.</param>
    /// <param name="sourceFile">The calling test file.</param>
    /// <param name="testName">The calling test method.</param>
    public static void Verify(GeneratorRun run, [CallerFilePath] string sourceFile = "", [CallerMemberName] string testName = "")
    {
        GeneratorRunResult result = Assert.Single(run.Result.Results);
        Assert.NotEmpty(result.GeneratedSources);
        foreach (GeneratedSourceResult source in result.GeneratedSources.OrderBy(s => s.HintName, StringComparer.Ordinal))
        {
            Snapshot.Match(source.SourceText.ToString(), "cs", "#" + Path.GetFileNameWithoutExtension(source.HintName), sourceFile, testName);
        }

        if (!run.Result.Diagnostics.IsEmpty)
        {
            Snapshot.Match(GeneratorDriverHelper.Format(run.Result.Diagnostics), "txt", null, sourceFile, testName);
        }
    }
}
