using Sweep.Runtime.Tests.Fakes;
using Sweep.Runtime.Tests.Running;

namespace Sweep.Runtime.Tests.Cli;

/// <summary>Every mistake on the command line: exit code 2, nothing run, and an error line that names the problem.</summary>
[Collection(ToyStudyCollection.Name)]
public sealed class UsageErrorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public UsageErrorTests() => ToyStudy.Reset();

    public void Dispose()
    {
        ToyStudy.Reset();
        _folder.Dispose();
    }

    private async Task<string> Refused(params string[] args)
    {
        (int code, string output, string error) = await Fakes.Cli.RunAsync([.. args, "--out", _folder.Path], TestContext.Current.CancellationToken);

        Assert.Equal(2, code);
        Assert.Equal(0, ToyStudy.Calls);
        Assert.False(File.Exists(_folder.File("sweep.db")), $"nothing may be stored after a usage error; output: {output}");
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        return error;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task ABadAxisValue_IsOneLineNamingTheAxisAndTheValue()
    {
        string error = await Refused("run", "toy", "--set", "Width=abc");

        string line = Assert.Single(Lines(error));
        Assert.Contains("Width", line, StringComparison.Ordinal);
        Assert.Contains("'abc'", line, StringComparison.Ordinal);
        Assert.Contains("int", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownAxis_IsNamed_WithTheKnownOnes()
    {
        string error = await Refused("run", "toy", "--set", "Nope=1");

        string line = Assert.Single(Lines(error));
        Assert.Contains("'Nope'", line, StringComparison.Ordinal);
        Assert.Contains("Width, Mode", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownStudy_IsNamed_WithTheKnownOnes()
    {
        string error = await Refused("run", "nope");

        string line = Assert.Single(Lines(error));
        Assert.Contains("'nope'", line, StringComparison.Ordinal);
        Assert.Contains("toy, ridge", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownFlag_IsNamed()
    {
        string error = await Refused("run", "toy", "--bogus");

        Assert.Contains("--bogus", Lines(error)[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--shard", "2/2")]
    [InlineData("--shard", "x")]
    [InlineData("--seeds", "0")]
    [InlineData("--seeds", "many")]
    [InlineData("--max-trials", "-1")]
    [InlineData("--parallel", "0")]
    [InlineData("--backend", "tpu")]
    public async Task ABadRunOption_IsNamed(string flag, string value)
    {
        string error = await Refused("run", "toy", flag, value);

        Assert.Contains(flag, Lines(error)[0], StringComparison.Ordinal);
        Assert.Contains(value, Lines(error)[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANonNumericMaxTrials_IsNamed()
    {
        string error = await Refused("run", "toy", "--max-trials", "lots");

        Assert.Contains("--max-trials", error, StringComparison.Ordinal);
        Assert.Contains("lots", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownExportFormat_IsNamed()
    {
        (int ran, _, _) = await Fakes.Cli.RunAsync(["run", "toy", "--out", _folder.Path, "--no-report"], TestContext.Current.CancellationToken);
        Assert.Equal(0, ran);

        (int code, string output, string error) = await Fakes.Cli.RunAsync(["export", "--format", "xml", "--out", _folder.Path], TestContext.Current.CancellationToken);

        Assert.Equal(2, code);
        Assert.Empty(output);
        string line = Assert.Single(Lines(error));
        Assert.Contains("--format", line, StringComparison.Ordinal);
        Assert.Contains("'xml'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusOfAFolderWithoutResults_SaysSo()
    {
        (int code, _, string error) = await Fakes.Cli.RunAsync(["status", "--out", _folder.Path], TestContext.Current.CancellationToken);

        Assert.Equal(2, code);
        Assert.Contains("no results at", error, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("sweep.db")), "status must not create a store");
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("lsit")]
    public async Task AnUnknownCommand_IsNamed(string command)
    {
        (int code, _, string error) = await Fakes.Cli.RunAsync([command], TestContext.Current.CancellationToken);

        Assert.Equal(2, code);
        Assert.Contains($"'{command}'", Lines(error)[0], StringComparison.Ordinal);
    }
}
