using System.Globalization;

namespace Sweep.Running;

/// <summary>
/// A deterministic 1/n slice of a grid: shard i runs the trials whose grid index is i modulo n. Maps onto a Slurm
/// job array (<c>--shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT</c>) or a Kubernetes Indexed Job.
/// </summary>
/// <param name="Index">This shard, 0 ≤ Index &lt; Count.</param>
/// <param name="Count">How many shards.</param>
public readonly record struct ShardSpec(int Index, int Count)
{
    /// <summary>Whether a trial belongs to this shard.</summary>
    /// <param name="trialIndex">The trial's grid index.</param>
    /// <returns>True if this shard runs it.</returns>
    public bool Includes(long trialIndex) => trialIndex % Count == Index;

    /// <summary>The store file a shard writes by default.</summary>
    public string FileName => $"shard-{Index}-of-{Count}.db";

    /// <summary>Parses <c>i/n</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="shard">The shard.</param>
    /// <param name="error">Why it is invalid, or null.</param>
    /// <returns>Whether it parsed.</returns>
    public static bool TryParse(string text, out ShardSpec shard, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        shard = default;
        string[] parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            error = $"--shard: '{text}' is not of the form i/n (e.g. 0/4).";
            return false;
        }

        if (count < 1 || index >= count)
        {
            error = $"--shard: '{text}' needs 0 ≤ i < n and n ≥ 1.";
            return false;
        }

        shard = new ShardSpec(index, count);
        error = null;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
