using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelRuntime.Check;

/// <summary>A JSON number as a double, whether the node was parsed or built from a float, int or double.</summary>
internal static class JsonNumber
{
    public static double? Of(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;
}
