using System.Text.Json.Nodes;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Serving;
using ModelRuntime.Typed.Outputs;
using ModelSdk.Onnx;

namespace ModelRuntime.Tests.TypedOutputs;

/// <summary>Output tensors and profiles for formatter tests.</summary>
internal static class Outputs
{
    public static OutputTensor Float(string name, long[] shape, params float[] values) =>
        new(name, "FP32", Tensor.FromArray(shape, values));

    public static OutputTensor Of<T>(string name, long[] shape, params T[] values)
        where T : unmanaged
    {
        var tensor = Tensor.FromArray(shape, values);
        return new(name, OnnxDatatypes.ToOip(tensor.ElementType)!, tensor);
    }

    public static OutputProfile Profile(string purpose, string? architecture = null, params string[] labels) =>
        new()
        {
            Purpose = purpose,
            Architecture = architecture,
            Labels = labels,
        };

    /// <summary>(label, index, score) of a classification or detection array.</summary>
    public static (string? Label, int Index, float Score)[] Entries(JsonNode node) =>
        node.AsArray().Select(e => ((string?)e!["label"], (int)e["index"]!, (float)e["score"]!)).ToArray();

    public static float[] Box(JsonNode detection)
    {
        var box = detection["box"]!;
        return [(float)box["x1"]!, (float)box["y1"]!, (float)box["x2"]!, (float)box["y2"]!];
    }
}
