using System.Text.Json.Nodes;

namespace ModelRuntime.Tests.Support;

/// <summary>One in-process runtime over a contract with a classifier, an all-types model, a scalar model and a broken one.</summary>
public sealed class ServerFixture : IDisposable
{
    public static readonly string[] Labels = ["cat", "dog", "bird"];

    public ServerFixture()
    {
        ContractPath = ContractFolder.Write(
            new TestModel(
                "classifier",
                TestOnnx.LinearClassifier(),
                Labels,
                MaxBatchSize: 8,
                MaxQueueDelayMs: 2,
                Parameters: new JsonArray(
                    new JsonObject
                    {
                        ["name"] = "threshold",
                        ["type"] = "float",
                        ["default"] = 0.5,
                        ["description"] = "minimum score",
                        ["env"] = "MODEL_PARAM_THRESHOLD",
                    },
                    new JsonObject
                    {
                        ["name"] = "mode",
                        ["type"] = "string",
                        ["default"] = "fast",
                        ["env"] = "MODEL_PARAM_MODE_UNSET",
                    }
                )
            ),
            new TestModel("types", TestOnnx.IdentityAllTypes()),
            new TestModel("scalars", TestOnnx.ScalarAndVector()),
            new TestModel("dynamic", TestOnnx.DynamicMatMul()),
            new TestModel("broken", "this is not an onnx file"u8.ToArray())
        );
        Factory = new RuntimeFactory(
            ContractPath,
            new Dictionary<string, string>
            {
                ["MODEL_PARAM_THRESHOLD"] = "0.75",
                ["MODEL_MAX_REQUEST_BYTES"] = "1000000",
            }
        );
        Client = Factory.CreateClient();
    }

    public string ContractPath { get; }
    internal RuntimeFactory Factory { get; }
    public HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
    }
}
