using System.CommandLine;
using System.Globalization;
using Sweep.Running;
using Sweep.Storage;

namespace Sweep.Cli;

/// <summary>The options several commands share, and how their values become grid and run settings.</summary>
internal static class CommonOptions
{
    public const string DefaultOut = "sweep-results";

    public static Option<string> Out() => new("--out")
    {
        Description = "The results folder: its sweep.db (or shard-i-of-n.db) and reports.",
        DefaultValueFactory = _ => DefaultOut,
        HelpName = "DIR",
    };

    public static Option<string[]> Set() => new("--set")
    {
        Description = "Replace an axis's values: --set Width=16,64 (repeatable; 'seed' replaces the seeds).",
        HelpName = "AXIS=V1,V2",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<string?> Seeds() => new("--seeds")
    {
        Description = "How many seeds (0..N-1), or an explicit list such as 3,7,11.",
        HelpName = "N|S1,S2",
    };

    public static Option<string?> Shard() => new("--shard")
    {
        Description = "Run the deterministic slice i of n (trial index mod n == i) into its own store, for Slurm job arrays.",
        HelpName = "i/n",
    };

    public static Option<int?> MaxTrials() => new("--max-trials")
    {
        Description = "Run at most N pending trials, then stop (the rest stay pending).",
        HelpName = "N",
    };

    public static Option<string?> Metric() => new("--metric")
    {
        Description = "The metric the summary table and figures show (default: test_loss, else the first recorded).",
        HelpName = "NAME",
    };

    public static Option<bool> KeepStale() => new("--keep-stale")
    {
        Description = "Keep the stored results of stale trials (done before the study changed) as current instead of running them again; say so only when the change cannot matter.",
    };

    public static Argument<string> Study(string description) => new("study") { Description = description };

    /// <summary>A grid error as a usage error naming the flag that gave the value: <c>--set Width</c>, <c>--seeds</c>.</summary>
    public static CliException GridError(GridException e, GridOptions options)
    {
        string? flag = e.Axis switch
        {
            null => null,
            GridOptions.SeedAxis when !options.Overrides.ContainsKey(GridOptions.SeedAxis) => "--seeds",
            string axis => $"--set {axis}",
        };
        return new CliException(flag is null ? e.Message : $"{flag}: {e.Message}", e);
    }

    /// <summary>Builds grid overrides from <c>--set</c> and <c>--seeds</c>.</summary>
    public static GridOptions Grid(string[]? sets, string? seeds)
    {
        GridOptions options = GridOptions.Default;
        foreach (string set in sets ?? [])
        {
            int equals = set.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException($"--set: '{set}' is not AXIS=V1,V2 (for example --set Width=16,64).");
            }

            string axis = set[..equals].Trim();
            string[] values = set[(equals + 1)..].Split(',', StringSplitOptions.TrimEntries);
            if (values.Any(v => v.Length == 0))
            {
                throw new CliException($"--set {axis}: '{set[(equals + 1)..]}' has an empty value.");
            }

            if (options.Overrides.ContainsKey(axis))
            {
                throw new CliException($"--set {axis}: given twice; put all values in one --set {axis}=v1,v2.");
            }

            options = options.WithOverride(axis, values);
        }

        if (seeds is not null)
        {
            if (options.Overrides.ContainsKey(GridOptions.SeedAxis))
            {
                throw new CliException("--seeds and --set seed=… both give the seeds; use one.");
            }

            if (seeds.Contains(',', StringComparison.Ordinal))
            {
                options = options.WithOverride(GridOptions.SeedAxis, seeds.Split(',', StringSplitOptions.TrimEntries));
            }
            else if (int.TryParse(seeds, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count >= 1)
            {
                options = options.WithSeedCount(count);
            }
            else
            {
                throw new CliException($"--seeds: '{seeds}' is not a positive count or a comma-separated list of seeds.");
            }
        }

        return options;
    }

    public static ShardSpec? ParseShard(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return ShardSpec.TryParse(text, out ShardSpec shard, out string? error) ? shard : throw new CliException(error!);
    }

    public static int? CheckMaxTrials(int? maxTrials)
        => maxTrials is < 0 ? throw new CliException($"--max-trials: {maxTrials} is negative.") : maxTrials;

    /// <summary>The store file of a results folder: sweep.db, or the shard's own file.</summary>
    public static string StorePath(string outDirectory, ShardSpec? shard)
        => Path.Combine(outDirectory, shard?.FileName ?? ResultStore.DefaultFileName);

    /// <summary>Opens an existing store for reading, with a clear error when there is none.</summary>
    public static ResultStore OpenExisting(string outDirectory)
    {
        string path = outDirectory.EndsWith(".db", StringComparison.OrdinalIgnoreCase) ? outDirectory : StorePath(outDirectory, null);
        if (!File.Exists(path))
        {
            throw new CliException($"--out: no results at {path}; run a study first (or point --out at its folder or .db file).");
        }

        return ResultStore.Open(path);
    }
}
