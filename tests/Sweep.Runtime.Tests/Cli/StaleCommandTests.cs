using System.Text.RegularExpressions;
using Sweep.Runtime.Tests.Fakes;
using Sweep.Runtime.Tests.Running;

namespace Sweep.Runtime.Tests.Cli;

/// <summary>
/// What a user sees after editing a study: plan, run, status, report and export say which trials are stale and what
/// changed, run re-runs them (or keeps them with --keep-stale), and nothing reads them as current meanwhile. Also the
/// bad folders and files a run or report can be pointed at: one line naming the path, exit code 2.
/// </summary>
[Collection(ToyStudyCollection.Name)]
public sealed class StaleCommandTests : IDisposable
{
    private const string Change = "4 trials are stale, the study changed since they ran (Data.Noise 0.1 → 0.2)";

    private readonly TempFolder _folder = new();

    public StaleCommandTests()
    {
        EditableStudy.Current = new EditableStudy.Declaration();
        ToyStudy.Reset();
    }

    public void Dispose()
    {
        EditableStudy.Current = new EditableStudy.Declaration();
        ToyStudy.Reset();
        _folder.Dispose();
    }

    [Fact]
    public async Task AfterAnEdit_PlanAndRunSayWhatIsStale_AndRunReRunsIt()
    {
        await Ok("run", "editable", "--out", _folder.Path, "--no-report");
        EditableStudy.Current = EditableStudy.Current with { Noise = 0.2 };

        string plan = await Ok("plan", "editable", "--out", _folder.Path);
        string run = await Ok("run", "editable", "--out", _folder.Path, "--no-report");
        string again = await Ok("run", "editable", "--out", _folder.Path, "--no-report");

        Assert.Contains($"{Change}: they will run again (--keep-stale keeps their results).", plan, StringComparison.Ordinal);
        Assert.Contains("pending: 4 trials", plan, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"│ Width=4\s+│ 2\s+│ 0\s+│ 2\s+│"), plan);
        Assert.Contains($"{Change}: running them again; the old results stay in the store as history (--keep-stale keeps them instead).", run, StringComparison.Ordinal);
        Assert.Contains("editable: 4 done, 0 failed, 0 already done", run, StringComparison.Ordinal);
        Assert.Contains("editable: 0 done, 0 failed, 4 already done", again, StringComparison.Ordinal);
        Assert.DoesNotContain("stale", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepStale_KeepsTheResults_AndSaysSo()
    {
        await Ok("run", "editable", "--out", _folder.Path, "--no-report");
        EditableStudy.Current = EditableStudy.Current with { Noise = 0.2 };

        string plan = await Ok("plan", "editable", "--out", _folder.Path, "--keep-stale");
        string run = await Ok("run", "editable", "--out", _folder.Path, "--no-report", "--keep-stale");

        Assert.Contains($"{Change}: kept as they are (--keep-stale).", plan, StringComparison.Ordinal);
        Assert.Contains("pending: 0 trials", plan, StringComparison.Ordinal);
        Assert.Contains($"{Change}: keeping their results (--keep-stale).", run, StringComparison.Ordinal);
        Assert.Contains("editable: 0 done, 0 failed, 4 already done", run, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusReportAndExport_LeaveStaleTrialsOut_AndSayWhy()
    {
        await Ok("run", "editable", "--out", _folder.Path, "--no-report");
        EditableStudy.Current = EditableStudy.Current with { Noise = 0.2 };

        string status = await Ok("status", "editable", "--out", _folder.Path);
        (int exportCode, string csv, string exportError) = await Fakes.Cli.RunAsync("export", "editable", "--out", _folder.Path);
        string report = await Ok("report", "editable", "--out", _folder.Path);

        Assert.Matches(new Regex(@"│ editable\s+│ 0\s+│ 4\s+│ 0\s+│ 0\s+│"), status);
        Assert.Contains("editable: 4 stale: Data.Noise 0.1 → 0.2", status, StringComparison.Ordinal);
        Assert.Equal(0, exportCode);
        Assert.Single(csv.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        string notice = $"note: {Change}; they are left out of these results ('run editable' runs them again, 'run editable --keep-stale' keeps them).";
        Assert.Contains(notice, exportError, StringComparison.Ordinal);
        Assert.Contains(notice, report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARunIntoAFolderThatCannotBeCreated_IsOneLineNamingIt()
    {
        string blocker = _folder.File("a-file");
        await File.WriteAllTextAsync(blocker, "not a folder", TestContext.Current.CancellationToken);
        string target = Path.Combine(blocker, "results");

        (int code, _, string error) = await Fakes.Cli.RunAsync("run", "toy", "--out", target);

        Assert.Equal(2, code);
        Assert.StartsWith($"error: cannot create the results folder {target}: ", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task AReportThatCannotBeWritten_IsOneLineNamingTheFolder_AndTheResultsStay()
    {
        await Ok("run", "toy", "--out", _folder.Path, "--no-report");
        Directory.CreateDirectory(_folder.File("report-toy.md"));

        (int code, _, string error) = await Fakes.Cli.RunAsync("report", "toy", "--out", _folder.Path);

        Assert.Equal(2, code);
        Assert.StartsWith($"error: cannot write the report of 'toy' into {_folder.Path}: ", error, StringComparison.Ordinal);
        Assert.EndsWith($"(the results in {_folder.File("sweep.db")} are unchanged).", error.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("toy: 0 done, 0 failed, 12 already done", await Ok("run", "toy", "--out", _folder.Path, "--no-report"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyStoreFile_IsReported_NotTreatedAsNew()
    {
        string store = _folder.File("sweep.db");
        await File.WriteAllBytesAsync(store, [], TestContext.Current.CancellationToken);

        (int code, _, string error) = await Fakes.Cli.RunAsync("run", "toy", "--out", _folder.Path);

        Assert.Equal(2, code);
        Assert.Equal($"error: {store} is empty (0 bytes), not a Sweep result store; delete it or choose another results folder.", error.Trim());
    }

    [Fact]
    public async Task AConstraintThatExcludesEveryPoint_IsAUsageError_BeforeAnythingIsWritten()
    {
        (int code, _, string error) = await Fakes.Cli.RunAsync("run", "ridge", "--set", "Features=4096", "--set", "TrainSize=64", "--out", _folder.Path);

        Assert.Equal(2, code);
        Assert.Equal(
            "error: the constraints of study 'ridge' exclude every one of the 1 grid points, so there is nothing to run; loosen the constraint or choose other axis values (--set).",
            error.Trim());
        Assert.False(File.Exists(_folder.File("sweep.db")), "nothing is written");
    }

    [Fact]
    public async Task AMetricNamedLikeAColumn_FailsItsTrial_SayingWhy()
    {
        ToyStudy.AlsoRecord = "width";

        (int code, string output, _) = await Fakes.Cli.RunAsync("run", "toy", "--set", "Width=1", "--set", "Mode=a", "--out", _folder.Path, "--no-report");

        Assert.Equal(1, code);
        Assert.Contains("metric 'width' has the name of axis Width, so the results table could not tell them apart; record it under another name.", output, StringComparison.Ordinal);
    }

    private static async Task<string> Ok(params string[] args)
    {
        (int code, string output, string error) = await Fakes.Cli.RunAsync(args);
        Assert.True(code == 0, $"exit {code}: {output}{error}");
        return output + error;
    }
}
