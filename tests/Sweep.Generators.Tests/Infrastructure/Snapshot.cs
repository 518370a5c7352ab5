using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Sweep.Generators.Tests.Infrastructure;

/// <summary>
/// Snapshot testing in Verify's file layout, without Verify (which this package mirror does not serve):
/// <c>Snapshots/{TestFile}.{TestMethod}{suffix}.verified.{ext}</c> is committed beside the tests; a mismatch writes
/// <c>.received.{ext}</c> next to it and fails with the first differing line; <c>SWEEP_ACCEPT_SNAPSHOTS=1</c>
/// overwrites the verified file. Switching to Verify later only changes this class.
/// </summary>
internal static partial class Snapshot
{
    private static readonly string s_projectDirectory = typeof(Snapshot).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Sweep.ProjectDirectory").Value!;

    private static bool AcceptAll => Environment.GetEnvironmentVariable("SWEEP_ACCEPT_SNAPSHOTS") == "1";

    /// <summary>Compares text with its verified snapshot.</summary>
    /// <param name="actual">The text produced by the test.</param>
    /// <param name="extension">The file extension (<c>cs</c>, <c>txt</c>).</param>
    /// <param name="suffix">Appended to the test name, e.g. <c>#Demo.MlpWidth.Sweep.g</c>.</param>
    /// <param name="sourceFile">The calling test file (only its name is used).</param>
    /// <param name="testName">The calling test method.</param>
    public static void Match(
        string actual,
        string extension,
        string? suffix = null,
        [CallerFilePath] string sourceFile = "",
        [CallerMemberName] string testName = "")
    {
        // [CallerFilePath] may be /_/… or a Windows path in deterministic builds: keep only the file name.
        string fileName = Path.GetFileNameWithoutExtension(sourceFile.Replace('\\', '/').Split('/').Last());
        string stem = Path.Combine(s_projectDirectory, "Snapshots", $"{fileName}.{testName}{suffix}");
        string verified = $"{stem}.verified.{extension}";
        string received = $"{stem}.received.{extension}";
        string text = Normalize(actual);

        if (File.Exists(verified) && Normalize(File.ReadAllText(verified)) == text)
        {
            File.Delete(received);
            return;
        }

        if (AcceptAll)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(verified)!);
            File.WriteAllText(verified, text + "\n");
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, text + "\n");
        Assert.Fail($"Snapshot differs: {received}{Environment.NewLine}{FirstDifference(verified, text)}{Environment.NewLine}" +
            "Review it, then accept with SWEEP_ACCEPT_SNAPSHOTS=1 dotnet test.");
    }

    /// <summary>Line endings to <c>\n</c>, the generator version to <c>{VERSION}</c>, no trailing newline.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The normalized text.</returns>
    public static string Normalize(string text)
    {
        string lf = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        string scrubbed = GeneratedCodeVersion().Replace(lf, "GeneratedCode(\"Sweep.Generators\", \"{VERSION}\")");
        return scrubbed.TrimEnd('\n');
    }

    private static string FirstDifference(string verified, string actual)
    {
        if (!File.Exists(verified))
        {
            return $"No verified snapshot yet: {verified}";
        }

        string[] expected = Normalize(File.ReadAllText(verified)).Split('\n');
        string[] lines = actual.Split('\n');
        for (int i = 0; i < Math.Max(expected.Length, lines.Length); i++)
        {
            string? want = i < expected.Length ? expected[i] : null;
            string? got = i < lines.Length ? lines[i] : null;
            if (want != got)
            {
                return $"First difference at line {i + 1}:{Environment.NewLine}  verified: {want ?? "<end of file>"}{Environment.NewLine}  received: {got ?? "<end of file>"}";
            }
        }

        return "The files differ only in line endings or trailing whitespace.";
    }

    [GeneratedRegex("""GeneratedCode\("Sweep\.Generators", "[^"]*"\)""")]
    private static partial Regex GeneratedCodeVersion();
}
