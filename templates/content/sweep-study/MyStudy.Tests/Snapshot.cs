using System.Reflection;
using System.Runtime.CompilerServices;

namespace MyStudy.Tests;

/// <summary>
/// Golden files in Verify's layout, without Verify:
/// <c>Snapshots/{TestFile}.{TestMethod}.verified.{ext}</c> is committed beside the tests; on a mismatch the
/// actual text goes to <c>.received.{ext}</c> and the test fails with the first differing line. Run with
/// <c>SWEEP_ACCEPT_SNAPSHOTS=1</c> to accept, then review with <c>git diff</c>. Moving to Verify later changes only this file.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "SWEEP_ACCEPT_SNAPSHOTS";

    private static readonly Lazy<string> s_projectDirectory = new(FindProjectDirectory);

    /// <summary>The test project's folder, from the assembly metadata its project file emits.</summary>
    public static string ProjectDirectory => s_projectDirectory.Value;

    /// <summary>Compares <paramref name="actual"/> with the verified file of the calling test.</summary>
    /// <param name="actual">The text produced by the code under test.</param>
    /// <param name="extension">The file extension, without a dot (md, csv, txt…).</param>
    /// <param name="sourceFile">Filled in by the compiler; only its file name is used (the full path is /_/ in deterministic builds).</param>
    /// <param name="testName">Filled in by the compiler.</param>
    public static void Match(string actual, string extension, [CallerFilePath] string sourceFile = "", [CallerMemberName] string testName = "")
    {
        ArgumentNullException.ThrowIfNull(actual);
        string fileName = Path.GetFileNameWithoutExtension(sourceFile.Replace('\\', '/').Split('/')[^1]);
        string stem = Path.Combine(ProjectDirectory, "Snapshots", $"{fileName}.{testName}");
        string verified = $"{stem}.verified.{extension}";
        string received = $"{stem}.received.{extension}";
        string text = Normalize(actual);

        if (File.Exists(verified) && string.Equals(Normalize(File.ReadAllText(verified)), text, StringComparison.Ordinal))
        {
            File.Delete(received);
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable(AcceptVariable), "1", StringComparison.Ordinal))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(verified)!);
            File.WriteAllText(verified, text + "\n");
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, text + "\n");
        string difference = File.Exists(verified)
            ? FirstDifference(Normalize(File.ReadAllText(verified)), text)
            : $"no verified file yet; review {Path.GetFileName(received)} and accept it with {AcceptVariable}=1.";
        Assert.Fail($"Snapshot differs from {verified}; actual text written to {received}.{Environment.NewLine}{difference}");
    }

    /// <summary>Line endings to \n, no trailing newline: the comparison ignores what git and editors change.</summary>
    internal static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');

    /// <summary>The first line where two texts differ, both versions shown.</summary>
    internal static string FirstDifference(string expected, string actual)
    {
        string[] expectedLines = expected.Split('\n');
        string[] actualLines = actual.Split('\n');
        int count = Math.Max(expectedLines.Length, actualLines.Length);
        for (int i = 0; i < count; i++)
        {
            string? e = i < expectedLines.Length ? expectedLines[i] : null;
            string? a = i < actualLines.Length ? actualLines[i] : null;
            if (!string.Equals(e, a, StringComparison.Ordinal))
            {
                return $"line {i + 1}:{Environment.NewLine}  verified: {e ?? "(end of file)"}{Environment.NewLine}  received: {a ?? "(end of file)"}";
            }
        }

        return "the texts are equal";
    }

    private static string FindProjectDirectory()
        => typeof(Snapshot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Sweep.ProjectDirectory")?.Value
            ?? throw new InvalidOperationException("the test assembly has no Sweep.ProjectDirectory metadata (its project file emits it).");
}
