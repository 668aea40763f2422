using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf;
using ModelRuntime.Grpc.Inference;
using ModelRuntime.Tests.Support;
using ModelSdk.Onnx;
using ModelSdk.Testing;

namespace ModelRuntime.Tests;

public class GrpcApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly GrpcClient _grpc = new(server.Client);
    private static readonly float[] Rows = [1f, 2f, 3f, 4f, -1f, 0.5f, 0f, 2f];

    [Fact]
    public async Task Health_and_server_metadata()
    {
        var (status, _, live) = await _grpc.CallAsync<ServerLiveResponse>("ServerLive", new ServerLiveRequest());
        Assert.Equal(0, status);
        Assert.True(live!.Live);

        var (_, _, ready) = await _grpc.CallAsync<ServerReadyResponse>("ServerReady", new ServerReadyRequest());
        Assert.False(ready!.Ready); // the fixture has a broken model

        var (_, _, model) = await _grpc.CallAsync<ModelReadyResponse>(
            "ModelReady",
            new ModelReadyRequest { Name = "classifier" }
        );
        Assert.True(model!.Ready);
        (_, _, model) = await _grpc.CallAsync<ModelReadyResponse>(
            "ModelReady",
            new ModelReadyRequest { Name = "broken" }
        );
        Assert.False(model!.Ready);
        var (notFound, message, _) = await _grpc.CallAsync<ModelReadyResponse>(
            "ModelReady",
            new ModelReadyRequest { Name = "nope" }
        );
        Assert.Equal(5, notFound);
        Assert.Contains("nope", message);

        var (_, _, metadata) = await _grpc.CallAsync<ServerMetadataResponse>(
            "ServerMetadata",
            new ServerMetadataRequest()
        );
        Assert.Equal("model-runtime", metadata!.Name);
    }

    [Fact]
    public async Task Model_metadata_matches_the_contract()
    {
        var (status, _, metadata) = await _grpc.CallAsync<ModelMetadataResponse>(
            "ModelMetadata",
            new ModelMetadataRequest { Name = "classifier", Version = "1" }
        );

        Assert.Equal(0, status);
        Assert.Equal("classifier", metadata!.Name);
        Assert.Equal(["1"], metadata.Versions);
        Assert.Equal("onnx_onnxv1", metadata.Platform);
        var input = Assert.Single(metadata.Inputs);
        Assert.Equal(("input", "FP32"), (input.Name, input.Datatype));
        Assert.Equal([-1L, 4L], input.Shape);
        Assert.Equal([-1L, 3L], Assert.Single(metadata.Outputs).Shape);
    }

    [Fact]
    public async Task Infers_from_raw_contents_equal_to_onnx_runtime_in_process()
    {
        var request = new ModelInferRequest { ModelName = "classifier", Id = "g-1" };
        request.Inputs.Add(Input("input", "FP32", 2, 4));
        request.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(Rows.AsSpan())));

        var (status, message, response) = await _grpc.CallAsync<ModelInferResponse>("ModelInfer", request);

        Assert.True(status == 0, message);
        Assert.Equal("g-1", response!.Id);
        var output = Assert.Single(response.Outputs);
        Assert.Equal(("probabilities", "FP32"), (output.Name, output.Datatype));
        Assert.Equal([2L, 3L], output.Shape);
        var actual = MemoryMarshal.Cast<byte, float>(response.RawOutputContents[0].Span).ToArray();
        Assert.Equal(RestApiTests.Reference(Rows, 2), actual);
    }

    [Fact]
    public async Task Infers_from_typed_contents_with_scalars_and_strings()
    {
        var request = new ModelInferRequest { ModelName = "scalars" };
        var a = Input("a", "FP32", 3);
        a.Contents = new InferTensorContents();
        a.Contents.Fp32Contents.AddRange([1f, 2f, 3f]);
        var k = Input("k", "INT64");
        k.Contents = new InferTensorContents();
        k.Contents.Int64Contents.Add(-5);
        request.Inputs.AddRange([a, k]);

        var (status, message, response) = await _grpc.CallAsync<ModelInferResponse>("ModelInfer", request);

        Assert.True(status == 0, message);
        Assert.Equal([2f, 4f, 6f], MemoryMarshal.Cast<byte, float>(response!.RawOutputContents[0].Span).ToArray());
        Assert.Equal(-5L, MemoryMarshal.Read<long>(response.RawOutputContents[1].Span));
    }

    [Fact]
    public async Task Bytes_and_fp16_travel_raw_and_classification_works()
    {
        var strings = new ModelInferRequest { ModelName = "types" };
        var raw = new MemoryStream();
        foreach (var s in new[] { "a", "", "héllo", "zz" })
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            raw.Write(BitConverter.GetBytes(bytes.Length));
            raw.Write(bytes);
        }
        var allTypes = TestOnnx.AllTypes.Select(t => (t, Name: OnnxDatatypes.ToOip(t)!)).ToArray();
        foreach (var (type, name) in allTypes)
        {
            strings.Inputs.Add(Input($"in_{type}", name, 2, 2));
            strings.RawInputContents.Add(
                name == "BYTES"
                    ? ByteString.CopyFrom(raw.ToArray())
                    : ByteString.CopyFrom(
                        Enumerable
                            .Range(0, 4 * OnnxRuntime.TensorElementTypes.SizeOf(type))
                            .Select(i => (byte)(i % 3 == 0 ? 1 : 0))
                            .ToArray()
                    )
            );
        }

        var (status, message, response) = await _grpc.CallAsync<ModelInferResponse>("ModelInfer", strings);

        Assert.True(status == 0, message);
        for (var i = 0; i < allTypes.Length; i++)
        {
            Assert.Equal(allTypes[i].Name, response!.Outputs[i].Datatype);
            Assert.Equal(strings.RawInputContents[i], response.RawOutputContents[i]);
        }

        var classify = new ModelInferRequest { ModelName = "classifier" };
        classify.Inputs.Add(Input("input", "FP32", 2, 4));
        classify.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(Rows.AsSpan())));
        var wanted = new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "probabilities" };
        wanted.Parameters["classification"] = new InferParameter { Int64Param = 1 };
        classify.Outputs.Add(wanted);
        (status, message, response) = await _grpc.CallAsync<ModelInferResponse>("ModelInfer", classify);
        Assert.True(status == 0, message);
        Assert.Equal("BYTES", response!.Outputs[0].Datatype);
        Assert.Equal([2L, 1L], response.Outputs[0].Shape);
        var top = Encoding.UTF8.GetString(response.RawOutputContents[0].Span[4..]);
        Assert.Matches(@"^[0-9.Ee-]+:[0-2]:(cat|dog|bird)", top);
    }

    [Fact]
    public async Task Bad_requests_get_grpc_status_codes_and_the_server_keeps_serving()
    {
        async Task Expect(int code, string text, ModelInferRequest request)
        {
            var (status, message, _) = await _grpc.CallAsync<ModelInferResponse>("ModelInfer", request);
            Assert.Equal(code, status);
            Assert.Contains(text, message);
        }
        var wrongType = new ModelInferRequest { ModelName = "classifier" };
        wrongType.Inputs.Add(Input("input", "FP64", 1, 4));
        wrongType.RawInputContents.Add(ByteString.CopyFrom(new byte[32]));
        await Expect(3, "datatype FP64", wrongType);

        var wrongBytes = new ModelInferRequest { ModelName = "classifier" };
        wrongBytes.Inputs.Add(Input("input", "FP32", 1, 4));
        wrongBytes.RawInputContents.Add(ByteString.CopyFrom(new byte[15]));
        await Expect(3, "15 bytes", wrongBytes);

        var missing = new ModelInferRequest { ModelName = "classifier" };
        await Expect(3, "missing input", missing);

        await Expect(5, "unknown model", new ModelInferRequest { ModelName = "nope" });
        await Expect(14, "not ready", new ModelInferRequest { ModelName = "broken" });

        var failing = new ModelInferRequest { ModelName = "dynamic" };
        failing.Inputs.Add(Input("x", "FP32", 1, 3));
        failing.RawInputContents.Add(ByteString.CopyFrom(new byte[12]));
        await Expect(13, "ONNX Runtime failed", failing);

        var huge = new ModelInferRequest { ModelName = "classifier" };
        huge.Inputs.Add(Input("input", "FP32", 75_000, 4));
        huge.RawInputContents.Add(ByteString.CopyFrom(new byte[1_200_000]));
        await Expect(8, "exceeds the maximum", huge);

        var (unknown, _, _) = await _grpc.CallAsync<ServerLiveResponse>("Nope", new ServerLiveRequest());
        Assert.Equal(12, unknown);

        await Infers_from_raw_contents_equal_to_onnx_runtime_in_process();
    }

    private static ModelInferRequest.Types.InferInputTensor Input(string name, string datatype, params long[] shape)
    {
        var input = new ModelInferRequest.Types.InferInputTensor { Name = name, Datatype = datatype };
        input.Shape.AddRange(shape);
        return input;
    }
}
