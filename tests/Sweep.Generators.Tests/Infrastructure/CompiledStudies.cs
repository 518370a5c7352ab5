using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis.Emit;

namespace Sweep.Generators.Tests.Infrastructure;

/// <summary>
/// Compiles study sources with the generator, emits them to memory, loads the assembly into its own load context
/// (Sweep.Dsl resolves to the test's copy, so the types are shared) and runs its module initializer, which
/// registers the studies with <see cref="StudyCatalog"/>. Each source is loaded once per test run, because the
/// catalog is process-wide and two registrations of one name would make <see cref="StudyCatalog.Find"/> ambiguous.
/// </summary>
internal static class CompiledStudies
{
    private static readonly ConcurrentDictionary<string, Lazy<Assembly>> s_loaded = new(StringComparer.Ordinal);

    /// <summary>Loads a source (once) and returns the study registered under a name.</summary>
    /// <param name="source">The study source.</param>
    /// <param name="studyName">The study's name.</param>
    /// <returns>The registered definition.</returns>
    public static StudyDefinition Find(string source, string studyName)
    {
        _ = s_loaded.GetOrAdd(source, s => new Lazy<Assembly>(() => Load(s))).Value;
        StudyDefinition? definition = StudyCatalog.Find(studyName);
        Assert.NotNull(definition);
        return definition;
    }

    private static Assembly Load(string source)
    {
        GeneratorRun run = GeneratorDriverHelper.RunValid(source);
        using MemoryStream image = new();
        EmitResult emitted = run.Output.Emit(image, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));

        image.Position = 0;
        AssemblyLoadContext context = new($"sweep-studies-{Guid.NewGuid():N}", isCollectible: true);
        Assembly assembly = context.LoadFromStream(image);
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        return assembly;
    }
}
