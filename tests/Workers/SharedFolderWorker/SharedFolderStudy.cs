using System.Globalization;
using Sweep;

namespace SharedFolderWorker;

/// <summary>
/// A study several processes run at once into one results folder: each trial appends its key to a file of its own
/// process (<c>&lt;pid&gt;.log</c>) in the folder named by <c>SWEEP_WORKER_LOG</c> when it starts, so a test can count
/// how often every trial was executed. (Appends from several processes to one file can overwrite each other.) With
/// <c>SWEEP_WORKER_PROCESSES=n</c>, each process's first trial waits until n processes have started theirs, so the
/// processes really do run side by side.
/// </summary>
[Study("shared-folder", Seeds = 4, Description = "counts its executions, for several processes sharing one folder")]
public partial class SharedFolderStudy
{
    private static readonly Lock s_log = new();
    private static bool s_started;

    [Axis, Values(1, 2, 3, 4, 5, 6)]
    public int Width { get; init; }

    [Trial]
    public void Run(TrialContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Environment.GetEnvironmentVariable("SWEEP_WORKER_LOG") is string folder)
        {
            lock (s_log)
            {
                File.AppendAllText(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}.log")), context.Key + "\n");
                if (!s_started && int.TryParse(Environment.GetEnvironmentVariable("SWEEP_WORKER_PROCESSES"), CultureInfo.InvariantCulture, out int processes))
                {
                    s_started = true;
                    for (int waited = 0; waited < 200 && Directory.GetFiles(folder, "*.log").Length < processes; waited++)
                    {
                        Thread.Sleep(50);
                    }
                }
            }
        }

        Thread.Sleep(40);
        context.Record(Metric.TestLoss, Expected(Width, context.Seed));
    }

    public static double Expected(int width, int seed) => (1.0 / width) + seed;
}
