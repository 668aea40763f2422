using System.Text.Json.Nodes;
using ModelSdk.Onnx;
using ModelSdk.Testing;

namespace RuntimeBench;

/// <summary>The benchmark's models and the contract.json that serves each with batching on and off.</summary>
internal static class BenchModels
{
    public const int MediumFeatures = 512;

    /// <summary>small: the template's linear classifier, 4 features -> 3 classes.</summary>
    public static byte[] Small() => OnnxModels.LinearClassifier().ToBytes();

    /// <summary>medium: an MLP 512 -> 1024 -> 1024 -> 10 (about 6 MB of weights), fixed pseudo-random weights.</summary>
    public static byte[] Medium()
    {
        var random = new Random(42);
        float[] Weights(int n, int m) =>
            Enumerable.Range(0, n * m).Select(_ => (float)((random.NextDouble() - 0.5) * 2 / Math.Sqrt(n))).ToArray();
        return new OnnxModelBuilder()
            .IrVersion(8)
            .Opset("", 13)
            .Producer("RuntimeBench", "1.0")
            .GraphName("mlp")
            .FloatInitializer("w1", [MediumFeatures, 1024], Weights(MediumFeatures, 1024))
            .FloatInitializer("w2", [1024, 1024], Weights(1024, 1024))
            .FloatInitializer("w3", [1024, 10], Weights(1024, 10))
            .Input("input", OnnxElementType.Float, OnnxType.Shape("batch", MediumFeatures))
            .Node("MatMul", ["input", "w1"], ["h1"])
            .Node("Relu", ["h1"], ["a1"])
            .Node("MatMul", ["a1", "w2"], ["h2"])
            .Node("Relu", ["h2"], ["a2"])
            .Node("MatMul", ["a2", "w3"], ["logits"])
            .Node("Softmax", ["logits"], ["probabilities"], ("axis", -1L))
            .Output("probabilities", OnnxElementType.Float, OnnxType.Shape("batch", 10))
            .ToBytes();
    }

    public static int Features(string model) => model == "small" ? 4 : MediumFeatures;

    public static int Classes(string model) => model == "small" ? 3 : 10;

    /// <summary>Writes files/small.onnx and files/medium.onnx.</summary>
    public static void WriteModels(string dir)
    {
        Directory.CreateDirectory(Path.Combine(dir, "files"));
        File.WriteAllBytes(Path.Combine(dir, "files", "small.onnx"), Small());
        File.WriteAllBytes(Path.Combine(dir, "files", "medium.onnx"), Medium());
    }

    /// <summary>
    /// Writes a contract (beside files/) with each model served twice, as NAME (batching off) and NAME_batched,
    /// or, with <paramref name="unbatchedOnly"/>, only as NAME (the start-to-ready measurement).
    /// </summary>
    public static string WriteContract(
        string dir,
        string fileName,
        IReadOnlyList<string> modelNames,
        bool unbatchedOnly
    )
    {
        var models = new JsonArray();
        var details = new JsonArray();
        foreach (var model in modelNames)
        {
            var (features, classes) = (Features(model), Classes(model));
            foreach (var batched in unbatchedOnly ? [false] : new[] { false, true })
            {
                var name = batched ? $"{model}_batched" : model;
                models.Add(
                    new JsonObject
                    {
                        ["name"] = name,
                        ["versions"] = new JsonArray("1"),
                        ["platform"] = "onnx_onnxv1",
                        ["inputs"] = new JsonArray(Tensor("input", -1, features)),
                        ["outputs"] = new JsonArray(Tensor("probabilities", -1, classes)),
                    }
                );
                details.Add(
                    new JsonObject
                    {
                        ["name"] = name,
                        ["file"] = $"files/{model}.onnx",
                        ["batching"] = new JsonObject
                        {
                            ["maxBatchSize"] = batched ? 32 : 0,
                            ["maxQueueDelayMs"] = batched ? 2 : 0,
                        },
                    }
                );
            }
        }
        var path = Path.Combine(dir, fileName);
        File.WriteAllText(
            path,
            new JsonObject
            {
                ["formatVersion"] = 1,
                ["models"] = models,
                ["modelDetails"] = details,
            }.ToJsonString()
        );
        return path;
    }

    private static JsonObject Tensor(string name, params long[] shape) =>
        new()
        {
            ["name"] = name,
            ["datatype"] = "FP32",
            ["shape"] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray()),
        };
}
