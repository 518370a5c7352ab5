using System.Text.Json;
using Sweep.Storage;

namespace Sweep.Analysis.Collapse;

/// <summary>A stored trial of a collapse chain: its metrics per checkpoint, and its chain as its stored description says.</summary>
/// <param name="Trial">The stored trial.</param>
/// <param name="Policy">The chain's data policy.</param>
/// <param name="Generations">The chain's last generation.</param>
/// <param name="Family">Its description without the seed, the axes and the policy: trials with equal families differ only in their policy.</param>
public sealed record ChainTrial(StoredTrial Trial, DataPolicy Policy, int Generations, string Family)
{
    /// <summary>The trial's value of a metric at a generation, or null when that checkpoint or metric was not recorded.</summary>
    /// <param name="generation">The generation.</param>
    /// <param name="metric">The metric.</param>
    /// <returns>The value, or null.</returns>
    public double? Value(int generation, string metric)
        => Trial.Metrics.TryGetValue(CollapseSpec.EvaluationName(generation), out IReadOnlyDictionary<string, double>? metrics)
            && metrics.TryGetValue(metric, out double value) && !double.IsNaN(value)
            ? value
            : null;

    /// <summary>The generations recorded, ascending.</summary>
    public IEnumerable<int> Checkpoints
        => Trial.Metrics.Keys.Select(e => CollapseSpec.TryParseEvaluation(e, out int t) ? t : -1).Where(t => t >= 0).Order();

    /// <summary>The done trials of collapse chains among a study's stored trials (others, and rows without a description, are left out).</summary>
    /// <param name="trials">Stored trials.</param>
    /// <returns>The chain trials, in order.</returns>
    public static IReadOnlyList<ChainTrial> From(IEnumerable<StoredTrial> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        List<ChainTrial> chains = [];
        foreach (StoredTrial trial in trials.Where(t => t.Status == TrialStatus.Done && t.DescriptionJson is not null))
        {
            if (Parse(trial) is ChainTrial chain)
            {
                chains.Add(chain);
            }
        }

        return chains;
    }

    private static ChainTrial? Parse(StoredTrial trial)
    {
        using JsonDocument document = JsonDocument.Parse(trial.DescriptionJson!);
        JsonElement root = document.RootElement;
        if (!root.TryGetProperty("Chain", out JsonElement chain) || chain.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        JsonElement policy = chain.GetProperty(nameof(CollapseSpec.Policy));
        DataPolicyKind kind = Enum.Parse<DataPolicyKind>(policy.GetProperty(nameof(DataPolicy.Kind)).GetString()!);
        double fraction = policy.TryGetProperty(nameof(DataPolicy.FreshFraction), out JsonElement f) && f.ValueKind == JsonValueKind.Number ? f.GetDouble() : 0;
        int generations = chain.GetProperty(nameof(CollapseSpec.Generations)).GetInt32();

        // The family: everything that determines the trial's results but its seed, its axes (they act through the specs)
        // and its policy.
        using MemoryStream stream = new();
        using (Utf8JsonWriter json = new(stream))
        {
            json.WriteStartObject();
            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (property.Name is "Key" or "Seed" or "Axes" or "Derived")
                {
                    continue;
                }

                if (property.Name == "Chain")
                {
                    json.WriteStartObject("Chain");
                    foreach (JsonProperty setting in chain.EnumerateObject().Where(p => p.Name != nameof(CollapseSpec.Policy)))
                    {
                        setting.WriteTo(json);
                    }

                    json.WriteEndObject();
                    continue;
                }

                property.WriteTo(json);
            }

            json.WriteEndObject();
        }

        string family = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        return new ChainTrial(trial, DataPolicy.Of(kind, kind == DataPolicyKind.FreshMix ? fraction : 0), generations, family);
    }
}
