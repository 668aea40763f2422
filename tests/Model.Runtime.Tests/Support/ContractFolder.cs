using System.Text.Json.Nodes;
using ModelRuntime.OnnxRuntime;
using ModelSdk.Onnx;

namespace ModelRuntime.Tests.Support;

/// <summary>
/// A model for a test contract: the ONNX bytes plus what contract.json says about it. <see cref="Details"/>'s keys
/// replace the modelDetails entry's (e.g. purpose, preprocessing); <see cref="Files"/> are written into the folder.
/// </summary>
internal sealed record TestModel(
    string Name,
    byte[] Onnx,
    string[]? Labels = null,
    int MaxBatchSize = 0,
    int MaxQueueDelayMs = 0,
    JsonArray? Parameters = null,
    JsonObject? Details = null,
    IReadOnlyDictionary<string, string>? Files = null
);

/// <summary>Writes a contract.json folder like the build produces (files/x.onnx, labels), in a temp dir.</summary>
internal static class ContractFolder
{
    public static string Write(params TestModel[] models)
    {
        var dir = Directory.CreateTempSubdirectory("model-runtime-contract-").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "files"));
        var entries = new JsonArray();
        var details = new JsonArray();
        foreach (var model in models)
        {
            var file = $"files/{model.Name}.onnx";
            File.WriteAllBytes(Path.Combine(dir, file), model.Onnx);
            JsonObject? labels = null;
            if (model.Labels is not null)
            {
                File.WriteAllLines(Path.Combine(dir, $"files/{model.Name}.labels.txt"), model.Labels);
                labels = new JsonObject
                {
                    ["file"] = $"files/{model.Name}.labels.txt",
                    ["count"] = model.Labels.Length,
                };
            }
            entries.Add(
                new JsonObject
                {
                    ["name"] = model.Name,
                    ["versions"] = new JsonArray("1"),
                    ["platform"] = "onnx_onnxv1",
                    ["inputs"] = Describe(model.Onnx, outputs: false),
                    ["outputs"] = Describe(model.Onnx, outputs: true),
                }
            );
            details.Add(
                new JsonObject
                {
                    ["name"] = model.Name,
                    ["file"] = file,
                    ["framework"] = "onnx",
                    ["purpose"] = "classification",
                    ["labels"] = labels,
                    ["parameters"] = model.Parameters ?? [],
                    ["resources"] = new JsonObject { ["cores"] = 1 },
                    ["batching"] = new JsonObject
                    {
                        ["maxBatchSize"] = model.MaxBatchSize,
                        ["maxQueueDelayMs"] = model.MaxQueueDelayMs,
                    },
                    ["futureKey"] = "ignored",
                }
            );
            foreach (var (key, value) in model.Details ?? [])
                details[^1]!.AsObject()[key] = value?.DeepClone();
            foreach (var (relative, text) in model.Files ?? new Dictionary<string, string>())
                File.WriteAllText(Path.Combine(dir, relative), text);
        }
        var contract = new JsonObject
        {
            ["formatVersion"] = 1,
            ["models"] = entries,
            ["modelDetails"] = details,
            ["package"] = new JsonObject { ["id"] = "Tests" },
        };
        var path = Path.Combine(dir, "contract.json");
        File.WriteAllText(path, contract.ToJsonString());
        return path;
    }

    /// <summary>The contract's tensor list, from what ONNX Runtime reports (a corrupt model gets none).</summary>
    private static JsonArray Describe(byte[] onnx, bool outputs)
    {
        try
        {
            using var session = new InferenceSession(TestOnnx.WriteTemp(onnx));
            var infos = outputs ? session.Outputs : session.Inputs;
            return new JsonArray(
                infos
                    .Select(i =>
                        (JsonNode)
                            new JsonObject
                            {
                                ["name"] = i.Name,
                                ["datatype"] = OnnxDatatypes.ToOip(i.ElementType),
                                ["shape"] = new JsonArray(i.Dimensions.Select(d => (JsonNode)d).ToArray()),
                            }
                    )
                    .ToArray()
            );
        }
        catch (OrtException)
        {
            return [];
        }
    }
}
