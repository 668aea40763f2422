using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using ModelRuntime.Grpc.Inference;
using ModelRuntime.Tests.Support;
using SkiaSharp;

namespace ModelRuntime.Tests.Typed;

/// <summary>
/// ModelInfer with a BYTES input whose parameter content_type names an image type: each element is an encoded
/// file, decoded and preprocessed exactly as the REST forms do ("pixels" is an identity model, so the answer is the
/// tensor the runtime built). Clients: Grpc.Net.Client, and @grpc/grpc-js through Node/kserve-client.mjs.
/// </summary>
public class GrpcTypedInputTests(TypedInputFixture server) : IClassFixture<TypedInputFixture>
{
    private GRPCInferenceService.GRPCInferenceServiceClient Client() =>
        new(GrpcChannel.ForAddress(server.Client.BaseAddress!, new GrpcChannelOptions { HttpClient = server.Client }));

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, true)]
    [InlineData(SKEncodedImageFormat.Jpeg, false)]
    public async Task Encoded_images_in_raw_or_typed_contents_give_the_REST_tensor(
        SKEncodedImageFormat format,
        bool raw
    )
    {
        var a = TestPictures.Encode(40, 23, format, seed: 3);
        var b = TestPictures.Encode(17, 31, format, seed: 4);

        var response = await Client().ModelInferAsync(Request("pixels", "BYTES", $"image/{format}", raw, a, b));

        Assert.Equal([2L, 3L, 6L, 8L], response.Outputs[0].Shape);
        var data = MemoryMarshal.Cast<byte, float>(response.RawOutputContents[0].Span).ToArray();
        Assert.Equal([.. TypedInputTests.Expected(a), .. TypedInputTests.Expected(b)], data);
    }

    [Fact]
    public async Task A_bad_image_request_is_invalid_argument_saying_what_was_expected()
    {
        var png = TestPictures.Encode(10, 10, SKEncodedImageFormat.Png);
        async Task<string> Error(ModelInferRequest request)
        {
            var e = await Assert.ThrowsAsync<RpcException>(async () => await Client().ModelInferAsync(request));
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
            return e.Status.Detail;
        }

        Assert.Contains("must be BYTES", await Error(Request("pixels", "FP32", "image/png", true, png)));
        Assert.Contains(
            "is not an image",
            await Error(Request("pixels", "BYTES", "image/png", true, "hello"u8.ToArray()))
        );
        Assert.Contains("cannot hold an image", await Error(Request("records", "BYTES", "image/png", false, png)));
        var numeric = Request("pixels", "BYTES", "image/png", true, png);
        numeric.Inputs[0].Parameters["content_type"] = new InferParameter { Int64Param = 3 };
        Assert.Contains("must be a string_param", await Error(numeric));
    }

    [NodeFact]
    public async Task Grpc_js_sends_an_encoded_image_with_a_content_type_parameter()
    {
        var png = TestPictures.Encode(40, 23, SKEncodedImageFormat.Png, seed: 5);
        var contract = ContractFolder.Write(
            new TestModel(
                "pixels",
                TestOnnx.Model(
                    [new NodeSpec("Identity", ["image"], ["out"])],
                    [new ValueSpec("image", ModelSdk.Onnx.OnnxElementType.Float, "n", 3L, "h", "w")],
                    [new ValueSpec("out", ModelSdk.Onnx.OnnxElementType.Float, "n", 3L, "h", "w")]
                ),
                Details: new JsonObject
                {
                    ["preprocessing"] = TypedInputFixture.PixelsPreprocessing,
                    ["purpose"] = "custom",
                }
            )
        );
        using var process = new RuntimeProcess(contract);
        await process.WaitUntilLiveAsync();
        JsonArray inputs =
        [
            new JsonObject
            {
                ["name"] = "image",
                ["datatype"] = "BYTES",
                ["shape"] = new JsonArray(1),
                ["parameters"] = new JsonObject { ["content_type"] = "image/png" },
                ["data"] = new JsonArray(Convert.ToBase64String(png)),
            },
        ];

        var result = await NodeGrpcClient.RunAsync($"127.0.0.1:{process.GrpcPort}", "pixels", inputs);

        var expected = TypedInputTests.Expected(png);
        foreach (var call in new[] { "inferTyped", "inferRaw" })
        {
            var output = result[call]!["outputs"]?[0] ?? throw new Xunit.Sdk.XunitException($"{call}: {result[call]}");
            Assert.Equal("[\"1\",\"3\",\"6\",\"8\"]", output["shape"]!.ToJsonString());
            Assert.Equal(expected, output["data"]!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray());
        }
    }

    private static ModelInferRequest Request(
        string model,
        string datatype,
        string contentType,
        bool raw,
        params byte[][] files
    )
    {
        var input = new ModelInferRequest.Types.InferInputTensor
        {
            Name = model == "records" ? "x" : "image",
            Datatype = datatype,
            Shape = { files.Length },
        };
        input.Parameters["content_type"] = new InferParameter { StringParam = contentType.ToLowerInvariant() };
        var request = new ModelInferRequest { ModelName = model, Inputs = { input } };
        if (!raw)
        {
            input.Contents = new InferTensorContents();
            input.Contents.BytesContents.AddRange(files.Select(ByteString.CopyFrom));
            return request;
        }
        var bytes = new List<byte>();
        foreach (var file in files)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, file.Length);
            bytes.AddRange(length);
            bytes.AddRange(file);
        }
        request.RawInputContents.Add(ByteString.CopyFrom(bytes.ToArray()));
        return request;
    }
}
