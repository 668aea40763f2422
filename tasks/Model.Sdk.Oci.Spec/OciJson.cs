using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelSdk.Oci.Spec;

/// <summary>How OCI JSON documents are serialised: compact, non-ASCII kept as is, so bytes (and digests) are stable.</summary>
public static class OciJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static byte[] Bytes(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString(Options));

    /// <summary>Annotations sorted by key (ordinal), so the same set always gives the same bytes.</summary>
    public static JsonObject Annotations(IEnumerable<KeyValuePair<string, string>> annotations) =>
        new(
            annotations
                .OrderBy(a => a.Key, StringComparer.Ordinal)
                .Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value))
        );

    /// <summary>The string-valued entries of an "annotations" object; null when there is none.</summary>
    public static IReadOnlyDictionary<string, string>? ReadAnnotations(JsonElement element)
    {
        if (!element.TryGetProperty("annotations", out var a) || a.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in a.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                annotations[property.Name] = property.Value.GetString()!;
            }
        }
        return annotations;
    }
}
