using System.Text.Json.Nodes;
using ModelRuntime.Grpc.Inference;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Tests.Support;

namespace ModelRuntime.Tests;

/// <summary>
/// A gRPC client we did not write (@grpc/grpc-js + @grpc/proto-loader from npm, loading our inference.proto) calls
/// every method of the real runtime process; answers are checked against the contract and in-process ONNX Runtime.
/// </summary>
[Collection(SerialCollection.Name)]
public class NodeGrpcClientTests(GrpcServerFixture fixture) : IClassFixture<GrpcServerFixture>
{
    private const int Rows = 3;

    private static readonly float[] Data = [1f, 2f, 3f, 4f, -1f, 0.5f, 2f, 0f, 0.1f, -7.25f, 3.5f, 1e-3f];

    private Task<JsonNode> RunAsync(string model, JsonArray inputs) =>
        NodeGrpcClient.RunAsync($"127.0.0.1:{fixture.Server.GrpcPort}", model, inputs);

    private static JsonArray ClassifierInputs() =>
        [
            new JsonObject
            {
                ["name"] = "input",
                ["datatype"] = "FP32",
                ["shape"] = new JsonArray(Rows, 4),
                ["data"] = new JsonArray(Data.Select(v => (JsonNode)(double)v).ToArray()),
            },
        ];

    private static long[] Longs(JsonNode? array) =>
        array!.AsArray().Select(v => long.Parse(v!.GetValue<string>())).ToArray();

    private static JsonNode Response(JsonNode result, string call) =>
        result[call]!["response"]
        ?? throw new Xunit.Sdk.XunitException($"{call}: {NodeGrpcClient.Pretty(result[call]!)}");

    [NodeFact]
    public async Task Health_liveness_readiness_and_metadata_answer_as_the_contract_says()
    {
        var result = await RunAsync("classifier", ClassifierInputs());

        Assert.Equal("SERVING", Response(result, "health")["status"]!.GetValue<string>());
        Assert.True(Response(result, "serverLive")["live"]!.GetValue<bool>());
        Assert.True(Response(result, "serverReady")["ready"]!.GetValue<bool>());
        Assert.True(Response(result, "modelReady")["ready"]!.GetValue<bool>());
        var server = Response(result, "serverMetadata");
        var expected = await fixture.Client().ServerMetadataAsync(new ServerMetadataRequest());
        Assert.Equal("model-runtime", server["name"]!.GetValue<string>());
        Assert.Equal(expected.Version, server["version"]!.GetValue<string>());
        Assert.Equal(expected.Extensions, server["extensions"]!.AsArray().Select(e => e!.GetValue<string>()));
        var model = Response(result, "modelMetadata");
        Assert.Equal("classifier", model["name"]!.GetValue<string>());
        Assert.Equal(["1"], model["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("onnx_onnxv1", model["platform"]!.GetValue<string>());
        var input = Assert.Single(model["inputs"]!.AsArray());
        Assert.Equal(("input", "FP32"), (input!["name"]!.GetValue<string>(), input["datatype"]!.GetValue<string>()));
        Assert.Equal([-1L, 4L], Longs(input["shape"]));
        var output = Assert.Single(model["outputs"]!.AsArray());
        Assert.Equal(
            ("probabilities", "FP32"),
            (output!["name"]!.GetValue<string>(), output["datatype"]!.GetValue<string>())
        );
        Assert.Equal([-1L, 3L], Longs(output["shape"]));
    }

    [NodeFact]
    public async Task Infer_with_typed_and_with_raw_contents_equals_in_process_onnx_runtime()
    {
        using var reference = new InferenceSession(TestOnnx.WriteTemp(TestOnnx.LinearClassifier()));
        var expected = reference
            .Run([new("input", Tensor.FromArray([Rows, 4], Data))], ["probabilities"])[0]
            .ToArray<float>();

        var result = await RunAsync("classifier", ClassifierInputs());

        foreach (var (call, id) in new[] { ("inferTyped", "typed"), ("inferRaw", "raw") })
        {
            var response = result[call]!;
            Assert.True(response["error"] is null, $"{call}: {NodeGrpcClient.Pretty(response)}");
            Assert.Equal(
                ("classifier", id),
                (response["model_name"]!.GetValue<string>(), response["id"]!.GetValue<string>())
            );
            var output = Assert.Single(response["outputs"]!.AsArray())!;
            Assert.Equal(
                ("probabilities", "FP32"),
                (output["name"]!.GetValue<string>(), output["datatype"]!.GetValue<string>())
            );
            Assert.Equal([Rows, 3L], Longs(output["shape"]));
            var actual = NodeGrpcClient.Floats(output["data"]);
            Assert.Equal(expected.Length, actual.Length);
            for (var i = 0; i < expected.Length; i++)
                Assert.True(expected[i] == actual[i], $"{call}[{i}]: {actual[i]:R} != ONNX Runtime {expected[i]:R}");
        }
    }

    [NodeFact]
    public async Task An_unknown_model_is_not_found_as_grpc_js_sees_it()
    {
        var result = await RunAsync("classifier", ClassifierInputs());

        var error = result["unknownModel"]!["error"];
        Assert.True(error is not null, NodeGrpcClient.Pretty(result["unknownModel"]!));
        Assert.Equal(5, error["code"]!.GetValue<int>()); // grpc.status.NOT_FOUND
        Assert.Contains("no-such-model", error["details"]!.GetValue<string>());
    }
}
