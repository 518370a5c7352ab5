using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sweep.Storage;

/// <summary>
/// What must match for two stores' rows of a study to be comparable: its axes (names, types, zip groups), run
/// mode, evaluations and derived columns. Values and seeds may differ (overrides and shards change them).
/// </summary>
internal static class StudyFingerprint
{
    public static string Compute(StudyDescriptor study) => Compute(Shape(study));

    public static string Compute(string shape)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(shape)))[..16];

    /// <summary>A readable canonical form of the study's shape, also used in mismatch messages.</summary>
    public static string Shape(StudyDescriptor study)
    {
        StringBuilder shape = new();
        shape.Append("axes(");
        shape.AppendJoin(", ", study.Axes.Select(a => $"{a.Name}:{a.Kind}{(a.ZipGroup is null ? string.Empty : "@" + a.ZipGroup)}"));
        shape.Append(") derived(").AppendJoin(", ", study.Derived.Select(d => $"{d.Name}:{d.Quantity}"));
        shape.Append(") evaluations(").AppendJoin(", ", study.Evaluations);
        shape.Append(") mode(").Append(study.RunMode).Append(')');
        return shape.ToString();
    }

    public static string DescriptorJson(StudyDescriptor study)
    {
        using MemoryStream stream = new();
        using (Utf8JsonWriter json = new(stream, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartObject();
            json.WriteString("name", study.Name);
            json.WriteString("type", study.TypeName);
            json.WriteString("shape", Shape(study));
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
