using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sweep.Storage;

/// <summary>
/// What must match for a store's rows of a study to mean the same trials: the shape of its trial keys (axis names,
/// types and zip groups) and its run mode. Values and seeds may differ (overrides and shards change them); every
/// other change (specs, evaluations, derived columns, a <c>[Trial]</c> method's code) is a trial's description, and
/// makes the trials it touches stale rather than the store unusable.
/// </summary>
internal static partial class StudyFingerprint
{
    public static string Compute(StudyDescriptor study) => Compute(Shape(study));

    public static string Compute(string shape)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(shape)))[..16];

    /// <summary>A readable canonical form of the study's key shape, also used in mismatch messages.</summary>
    public static string Shape(StudyDescriptor study)
        => Shape(study.Axes.Select(a => (a.Name, a.Kind.ToString(), a.ZipGroup)), study.RunMode.ToString());

    /// <summary>
    /// The key shape of a stored declaration (<see cref="DescriptorJson"/>), read from its axes and mode, so a store
    /// whose fingerprint was computed by an older Sweep over more of the declaration is still recognised.
    /// </summary>
    public static string ShapeOf(string descriptorJson)
    {
        using JsonDocument document = JsonDocument.Parse(descriptorJson);
        JsonElement root = document.RootElement;
        string mode = root.TryGetProperty("mode", out JsonElement m) ? m.GetString() ?? "?"
            : ModePattern().Match(root.GetProperty("shape").GetString() ?? string.Empty) is { Success: true } match ? match.Groups[1].Value : "?";
        return Shape(
            root.GetProperty("axes").EnumerateArray().Select(a => (a.GetProperty("name").GetString()!, a.GetProperty("kind").GetString()!, a.GetProperty("zip").GetString())),
            mode);
    }

    private static string Shape(IEnumerable<(string Name, string Kind, string? Zip)> axes, string mode)
    {
        StringBuilder shape = new();
        shape.Append("axes(");
        shape.AppendJoin(", ", axes.Select(a => $"{a.Name}:{a.Kind}{(a.Zip is null ? string.Empty : "@" + a.Zip)}"));
        shape.Append(") mode(").Append(mode).Append(')');
        return shape.ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"mode\((\w+)\)")]
    private static partial System.Text.RegularExpressions.Regex ModePattern();

    public static string DescriptorJson(StudyDescriptor study)
    {
        using MemoryStream stream = new();
        using (Utf8JsonWriter json = new(stream, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartObject();
            json.WriteString("name", study.Name);
            json.WriteString("type", study.TypeName);
            json.WriteString("shape", Shape(study));
            json.WriteString("mode", study.RunMode.ToString());
            if (study.SourceHash is not null)
            {
                json.WriteString("source", study.SourceHash);
            }

            json.WriteStartArray("axes");
            foreach (AxisDescriptor axis in study.Axes)
            {
                json.WriteStartObject();
                json.WriteString("name", axis.Name);
                json.WriteString("kind", axis.Kind.ToString());
                json.WriteString("type", axis.TypeName);
                json.WriteString("zip", axis.ZipGroup);
                json.WriteStartArray("values");
                foreach (string value in axis.Values)
                {
                    json.WriteStringValue(value);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("seeds");
            foreach (int seed in study.Seeds)
            {
                json.WriteNumberValue(seed);
            }

            json.WriteEndArray();
            json.WriteStartArray("derived");
            foreach (DerivedDescriptor derived in study.Derived)
            {
                json.WriteStringValue($"{derived.Name}:{derived.Quantity}");
            }

            json.WriteEndArray();
            json.WriteStartArray("evaluations");
            foreach (string evaluation in study.Evaluations)
            {
                json.WriteStringValue(evaluation);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
