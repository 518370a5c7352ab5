using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sweep.Running;

/// <summary>
/// The canonical JSON of a <see cref="TrialDescription"/>, its hash, and a readable difference between two of them.
/// The <see cref="TrialSpec"/> and its specs are written by reflection over their public properties in ordinal order,
/// each record with a <c>$kind</c> (its type's name), so a spec, or a spec property, added to Sweep.Dsl is part of every
/// description without a line here; properties marked <see cref="JsonIgnoreAttribute"/> are computed from the others and
/// left out, and so are null values (an optional spec the Dsl adds changes no existing description). A list of records
/// with a <c>Name</c> (the evaluations) reads as <c>Evaluations[Wider]</c> in differences.
/// </summary>
internal static class DescriptionJson
{
    private const string KindProperty = "$kind";
    private const string ObjectText = "{…}";

    public static string Write(TrialDescription description, bool includeDerived)
    {
        using MemoryStream stream = new();
        using (Utf8JsonWriter json = new(stream, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartObject();
            json.WriteString("Study", description.Study);
            json.WriteString("Key", description.Key);
            json.WriteNumber("Seed", description.Seed);
            json.WriteStartObject("Axes");
            foreach (AxisValue axis in description.Axes)
            {
                json.WritePropertyName(axis.Name);
                WriteValue(json, axis.Value);
            }

            json.WriteEndObject();
            if (includeDerived)
            {
                json.WriteStartObject("Derived");
                foreach (DerivedValue derived in description.Derived)
                {
                    json.WritePropertyName(derived.Name);
                    WriteValue(json, derived.Value);
                }

                json.WriteEndObject();
            }

            if (description.SourceHash is not null || description.RunMode == StudyRunMode.TrialMethod)
            {
                json.WriteString("Source", description.SourceHash ?? "unknown");
            }

            if (description.Spec is TrialSpec spec)
            {
                // Every property of the spec (Data, Evaluations, Model, Train, and whatever the Dsl adds), in ordinal order.
                WriteProperties(json, typeof(TrialSpec), spec);
            }

            if (description.SpecError is string error)
            {
                json.WriteString("SpecError", error.Split('\n')[0].TrimEnd('\r'));
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A short SHA-256 of the text (128 bits, hex).</summary>
    public static string Hash(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..32];

    /// <summary>
    /// What changed from <paramref name="before"/> to <paramref name="after"/>, path by path (<c>Data.Noise 0.1 → 0.2</c>,
    /// <c>Model: RandomFeaturesModel → MlpModel</c>, <c>Evaluations[Wider]: added</c>), derived values left out.
    /// </summary>
    public static string Difference(string? before, string after)
    {
        if (before is null)
        {
            return "stored without a description (by an older Sweep)";
        }

        Dictionary<string, string> old = Flatten(before), now = Flatten(after);
        List<string> changes = [];
        HashSet<string> replacedKinds = [];
        foreach ((string path, string value) in now)
        {
            if (path.StartsWith("Derived", StringComparison.Ordinal) || IsUnder(path, replacedKinds))
            {
                continue;
            }

            if (!old.TryGetValue(path, out string? was))
            {
                if (!HasAncestor(path, now, old))
                {
                    changes.Add(value == ObjectText ? $"{Readable(path)}: added" : $"{Readable(path)}: added ({value})");
                }

                continue;
            }

            if (was != value)
            {
                if (path == "Source")
                {
                    changes.Add($"the study's code (source hash {was[..Math.Min(8, was.Length)]} → {value[..Math.Min(8, value.Length)]})");
                }
                else if (path.EndsWith(KindProperty, StringComparison.Ordinal))
                {
                    string owner = path[..^(KindProperty.Length + 1)];
                    replacedKinds.Add(owner);
                    changes.Add($"{owner}: {was} → {value}");
                }
                else
                {
                    changes.Add($"{Readable(path)} {was} → {value}");
                }
            }
        }

        foreach ((string path, string value) in old)
        {
            if (!now.ContainsKey(path) && !path.StartsWith("Derived", StringComparison.Ordinal) && !IsUnder(path, replacedKinds) && !HasAncestor(path, old, now))
            {
                changes.Add(value == ObjectText ? $"{Readable(path)}: removed" : $"{Readable(path)}: removed (was {value})");
            }
        }

        return string.Join(", ", changes);
    }

    /// <summary>Path → value text of every leaf; an evaluation's path is <c>Evaluations[Name]</c>, a list of numbers is one value.</summary>
    internal static Dictionary<string, string> Flatten(string json)
    {
        Dictionary<string, string> leaves = new(StringComparer.Ordinal);
        using JsonDocument document = JsonDocument.Parse(json);
        Flatten(document.RootElement, string.Empty, leaves);
        return leaves;
    }

    private static void Flatten(JsonElement element, string path, Dictionary<string, string> leaves)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (path.Length > 0)
                {
                    leaves[path] = ObjectText;
                }

                foreach (JsonProperty property in element.EnumerateObject())
                {
                    Flatten(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", leaves);
                }

                break;
            case JsonValueKind.Array when element.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("Name", out _)):
                foreach (JsonElement item in element.EnumerateArray())
                {
                    Flatten(item, $"{path}[{item.GetProperty("Name").GetString()}]", leaves);
                }

                break;
            case JsonValueKind.Array:
                leaves[path] = "[" + string.Join(", ", element.EnumerateArray().Select(Text)) + "]";
                break;
            default:
                leaves[path] = Text(element);
                break;
        }
    }

    private static string Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString() ?? string.Empty,
        JsonValueKind.Object or JsonValueKind.Array => element.GetRawText(),
        _ => element.GetRawText(),
    };

    private static string Readable(string path) => path.EndsWith(".Name", StringComparison.Ordinal) ? path[..^5] : path;

    private static bool IsUnder(string path, HashSet<string> owners)
        => owners.Any(o => path.StartsWith(o + ".", StringComparison.Ordinal));

    /// <summary>Whether an ancestor of the path is itself new (or gone), so the change is reported once, at the ancestor.</summary>
    private static bool HasAncestor(string path, Dictionary<string, string> present, Dictionary<string, string> other)
    {
        for (int dot = path.LastIndexOf('.'); dot > 0; dot = path.LastIndexOf('.', dot - 1))
        {
            string parent = path[..dot];
            if (present.ContainsKey(parent) && !other.ContainsKey(parent))
            {
                return true;
            }
        }

        return false;
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string s:
                json.WriteStringValue(s);
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case int i:
                json.WriteNumberValue(i);
                break;
            case long l:
                json.WriteNumberValue(l);
                break;
            case float f when float.IsFinite(f):
                json.WriteNumberValue(f);
                break;
            case double d when double.IsFinite(d):
                json.WriteNumberValue(d);
                break;
            case float or double:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case Enum e:
                json.WriteStringValue(e.ToString());
                break;
            case IEnumerable items:
                json.WriteStartArray();
                foreach (object? item in items)
                {
                    WriteValue(json, item);
                }

                json.WriteEndArray();
                break;
            default:
                WriteObject(json, value);
                break;
        }
    }

    private static void WriteObject(Utf8JsonWriter json, object value)
    {
        Type type = value.GetType();
        json.WriteStartObject();
        json.WriteString(KindProperty, type.Name);
        WriteProperties(json, type, value);
        json.WriteEndObject();
    }

    /// <summary>
    /// A spec's described properties, leaving out those that are null: a property the Dsl adds as optional (null when
    /// unused) then leaves every existing description, and so every stored result, as it was.
    /// </summary>
    private static void WriteProperties(Utf8JsonWriter json, Type type, object value)
    {
        foreach (PropertyInfo property in DescribedProperties(type))
        {
            if (property.GetValue(value) is object propertyValue)
            {
                json.WritePropertyName(property.Name);
                WriteValue(json, propertyValue);
            }
        }
    }

    /// <summary>The public instance properties a spec is described by: readable, not indexers, not <see cref="JsonIgnoreAttribute"/>, in ordinal order.</summary>
    internal static IEnumerable<PropertyInfo> DescribedProperties(Type type)
        => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && !Attribute.IsDefined(p, typeof(JsonIgnoreAttribute), inherit: true))
            .OrderBy(p => p.Name, StringComparer.Ordinal);
}
