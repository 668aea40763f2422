using System.Text.Json.Nodes;
using ModelRuntime.Tests.Support;
using ModelSdk.Onnx;

namespace ModelRuntime.Tests.Typed;

/// <summary>
/// A runtime serving identity models, so a typed request's answer is the tensor the runtime built:
/// "pixels" (FP32 [n,3,h,w], crop + swapRB + mean + scale to 8x6), "nhwc" (UINT8 [n,h,w,3], fixed 5x4, batch 1),
/// "records" (FP32 [n,3] with features a, b, c), "text" (BYTES [n]). At most 3 instances per request.
/// </summary>
public sealed class TypedInputFixture : IDisposable
{
    public const int MaxInstances = 3;

    private readonly RuntimeFactory _factory;

    public TypedInputFixture()
    {
        var preprocessing = new JsonObject
        {
            ["inputWidth"] = 8,
            ["inputHeight"] = 6,
            ["mean"] = new JsonArray(1, 2, 3),
            ["scaleFactor"] = 0.5,
            ["swapRB"] = true,
            ["crop"] = true,
        };
        var features = new JsonArray(new JsonObject { ["name"] = "x", ["features"] = new JsonArray("a", "b", "c") });
        _factory = new RuntimeFactory(
            ContractFolder.Write(
                new TestModel(
                    "pixels",
                    Identity("image", OnnxElementType.Float, "n", 3L, "h", "w"),
                    Details: new JsonObject { ["preprocessing"] = preprocessing, ["purpose"] = "custom" }
                ),
                new TestModel("nhwc", Identity("image", OnnxElementType.UInt8, 1L, 4L, 5L, 3L), Details: Custom),
                new TestModel(
                    "records",
                    Identity("x", OnnxElementType.Float, "n", 3L),
                    Details: new JsonObject { ["inputs"] = features, ["purpose"] = "custom" }
                ),
                new TestModel("text", Identity("s", OnnxElementType.String, "n"), Details: Custom)
            ),
            new Dictionary<string, string> { ["MODEL_MAX_INSTANCES"] = MaxInstances.ToString() }
        );
        Client = _factory.CreateClient();
    }

    public HttpClient Client { get; }

    private static JsonObject Custom => new() { ["purpose"] = "custom" };

    public static JsonObject PixelsPreprocessing =>
        new()
        {
            ["inputWidth"] = 8,
            ["inputHeight"] = 6,
            ["mean"] = new JsonArray(1, 2, 3),
            ["scaleFactor"] = 0.5,
            ["swapRB"] = true,
            ["crop"] = true,
        };

    private static byte[] Identity(string input, OnnxElementType type, params object[] dims) =>
        TestOnnx.Model(
            [new NodeSpec("Identity", [input], ["out"])],
            [new ValueSpec(input, type, dims)],
            [new ValueSpec("out", type, dims)]
        );

    public void Dispose()
    {
        Client.Dispose();
        _factory.Dispose();
    }
}
