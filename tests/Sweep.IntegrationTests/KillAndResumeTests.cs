using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Sweep.IntegrationTests;

/// <summary>
/// The resume contract against a real process: SIGKILL the quickstart part-way, run it again, and every trial of
/// the grid is stored exactly once.
/// </summary>
public sealed class KillAndResumeTests : IDisposable
{
    private static readonly string[] s_grid = ["--set", "Features=256,512,1024", "--set", "TrainSize=2048,4096", "--seeds", "3", "--parallel", "1", "--no-report"];
    private readonly string _out = Path.Combine(Path.GetTempPath(), "sweep-kill", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [Fact]
    public async Task SigkillPartWay_ThenRerun_StoresEveryTrialExactlyOnce()
    {
        CancellationToken cancellation = TestContext.Current.CancellationToken;
        string database = Path.Combine(_out, "sweep.db");
        using (Process killed = StartQuickstart())
        {
            // Drain both pipes while waiting, so a chatty child can never block on a full pipe, and keep the text for failures.
            StringBuilder transcript = new();
            killed.OutputDataReceived += (_, e) => Append(transcript, e.Data);
            killed.ErrorDataReceived += (_, e) => Append(transcript, e.Data);
            killed.BeginOutputReadLine();
            killed.BeginErrorReadLine();
            Stopwatch waited = Stopwatch.StartNew();
            while (CountTrials(database) < 2)
            {
                if (killed.HasExited)
                {
                    await killed.WaitForExitAsync(cancellation);
                    Assert.Fail($"the quickstart exited early with code {killed.ExitCode}:\n{Text(transcript)}");
                }

                Assert.True(waited.Elapsed < TimeSpan.FromMinutes(3), $"no two trials were stored within three minutes ({CountTrials(database)} stored); the quickstart printed:\n{Text(transcript)}");
                await Task.Delay(50, cancellation);
            }

            killed.Kill(entireProcessTree: true);
            await killed.WaitForExitAsync(cancellation);
        }

        long afterKill = CountTrials(database);
        Assert.InRange(afterKill, 2, 17);

        using (Process rerun = StartQuickstart())
        {
            string output = await rerun.StandardOutput.ReadToEndAsync(cancellation);
            await rerun.WaitForExitAsync(cancellation);
            Assert.True(rerun.ExitCode == 0, output + await rerun.StandardError.ReadToEndAsync(cancellation));
            Assert.Contains($"{afterKill} already done", output, StringComparison.Ordinal);
        }

        using SqliteConnection connection = new($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT COUNT(*), COUNT(DISTINCT key), SUM(status = 'done') FROM trials WHERE study = 'quickstart'";
        using SqliteDataReader reader = query.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(18, reader.GetInt64(0));
        Assert.Equal(18, reader.GetInt64(1));
        Assert.Equal(18, reader.GetInt64(2));
    }

    private static void Append(StringBuilder transcript, string? line)
    {
        if (line is not null)
        {
            lock (transcript)
            {
                transcript.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder transcript)
    {
        lock (transcript)
        {
            return transcript.ToString();
        }
    }

    private Process StartQuickstart()
    {
        string assembly = typeof(Quickstart.QuickstartStudy).Assembly.Location;
        ProcessStartInfo start = new("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])[assembly, "run", "quickstart", "--out", _out, .. s_grid])
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the quickstart");
    }

    private static long CountTrials(string database)
    {
        if (!File.Exists(database))
        {
            return 0;
        }

        try
        {
            using SqliteConnection connection = new($"Data Source={database};Mode=ReadWrite;Pooling=False");
            connection.Open();
            using SqliteCommand query = connection.CreateCommand();
            query.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'trials'";
            if ((long)query.ExecuteScalar()! == 0)
            {
                return 0;
            }

            query.CommandText = "SELECT COUNT(*) FROM trials";
            return (long)query.ExecuteScalar()!;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6 or 14)
        {
            return 0;
        }
    }
}
