using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelRuntime.Protocol;
using ModelRuntime.Serving;

namespace ModelRuntime.Check;

/// <summary>
/// Compares a model's raw outputs with a v2 response's <c>outputs</c> (name, optional shape, data; data may be
/// nested). Numbers within the tolerance match; strings and booleans must be equal. The message names the output,
/// the worst element (by how far it is beyond its tolerance), both values and the difference.
/// </summary>
public static class OutputComparer
{
    public static string? Compare(JsonArray expected, IReadOnlyList<OutputTensor> actual, Tolerance tolerance)
    {
        foreach (var node in expected)
        {
            if (node is not JsonObject e || e["name"]?.GetValue<string>() is not { } name)
                throw new SampleException(SampleCodes.ExpectedInvalid, "every expected output needs a \"name\"");
            var output =
                actual.FirstOrDefault(o => o.Name == name)
                ?? throw new SampleException(
                    SampleCodes.OutputMismatch,
                    $"the model has no output '{name}'; its outputs are: {string.Join(", ", actual.Select(o => o.Name))}"
                );
            var shape = output.Tensor.Shape;
            if (e["shape"] is JsonArray s && !s.Select(d => d!.GetValue<long>()).SequenceEqual(shape))
                throw new SampleException(
                    SampleCodes.OutputMismatch,
                    $"output '{name}' has shape [{string.Join(",", shape)}], expected [{string.Join(",", s.Select(d => d!.ToJsonString()))}]"
                );
            var want = Flatten(e["data"]).ToArray();
            var got = Elements(output);
            if (want.Length != got.Count)
                throw new SampleException(
                    SampleCodes.OutputMismatch,
                    $"output '{name}' has {got.Count} elements, expected {want.Length}"
                );
            if (Worst(name, shape, want, got, tolerance) is { } message)
                return message;
        }
        return null;
    }

    private static string? Worst(string name, long[] shape, JsonNode?[] want, JsonArray got, Tolerance tolerance)
    {
        var (worstIndex, worstExcess, differing) = (-1, 0.0, 0);
        for (var i = 0; i < want.Length; i++)
        {
            double excess;
            if (Number(want[i]) is { } w && Number(got[i]) is { } g)
                excess = tolerance.Accepts(g, w)
                    ? 0
                    : Math.Abs(g - w) / Math.Max(tolerance.Absolute + tolerance.Relative * Math.Abs(w), double.Epsilon);
            else
                excess = JsonNode.DeepEquals(want[i], got[i]) ? 0 : double.PositiveInfinity;
            if (excess <= 0)
                continue;
            differing++;
            if (worstIndex < 0 || excess > worstExcess)
                (worstIndex, worstExcess) = (i, excess);
        }
        if (worstIndex < 0)
            return null;
        var at = Index(worstIndex, shape);
        var (gv, wv) = (got[worstIndex], want[worstIndex]);
        var difference =
            Number(wv) is { } a && Number(gv) is { } b
                ? string.Create(
                    CultureInfo.InvariantCulture,
                    $", difference {Math.Abs(b - a):G6} > tolerance {tolerance.Absolute + tolerance.Relative * Math.Abs(a):G6} ({tolerance})"
                )
                : "";
        return $"output '{name}' element [{at}] is {Text(gv)}, expected {Text(wv)}{difference}; {differing} of {want.Length} elements differ";
    }

    /// <summary>The tensor's elements as the JSON a v2 response carries.</summary>
    public static JsonArray Elements(OutputTensor output)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            JsonTensorData.WriteElements(writer, output.Tensor, 0, (int)output.Tensor.ElementCount);
            writer.WriteEndArray();
        }
        return JsonNode.Parse(buffer.ToArray())!.AsArray();
    }

    private static IEnumerable<JsonNode?> Flatten(JsonNode? node) =>
        node is JsonArray a ? a.SelectMany(Flatten) : [node];

    private static double? Number(JsonNode? node) => JsonNumber.Of(node);

    private static string Text(JsonNode? node) =>
        Number(node) is { } d ? d.ToString("G9", CultureInfo.InvariantCulture) : node?.ToJsonString() ?? "null";

    private static string Index(int flat, long[] shape)
    {
        if (shape.Length == 0)
            return "0";
        var index = new long[shape.Length];
        var rest = (long)flat;
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            var size = Math.Max(1, shape[d]);
            index[d] = rest % size;
            rest /= size;
        }
        return string.Join(",", index);
    }
}
