using System.Runtime.InteropServices;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using ModelRuntime.Grpc.Inference;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Tests.Support;

namespace ModelRuntime.Tests;

/// <summary>The in-process runtime through Grpc.Net.Client, a gRPC client this project did not write.</summary>
public class GrpcLibraryTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly float[] Rows = [1f, 2f, 3f, 4f, -1f, 0.5f, 0f, 2f];

    private GrpcChannel Channel() =>
        GrpcChannel.ForAddress(server.Client.BaseAddress!, new GrpcChannelOptions { HttpClient = server.Client });

    [Fact]
    public async Task Every_unary_method_answers_and_gzip_requests_infer_like_onnx_runtime_in_process()
    {
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(Channel());

        Assert.True((await client.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.False((await client.ServerReadyAsync(new ServerReadyRequest())).Ready);
        Assert.True((await client.ModelReadyAsync(new ModelReadyRequest { Name = "classifier" })).Ready);
        Assert.Equal("model-runtime", (await client.ServerMetadataAsync(new ServerMetadataRequest())).Name);
        var metadata = await client.ModelMetadataAsync(new ModelMetadataRequest { Name = "classifier" });
        Assert.Equal([-1L, 4L], Assert.Single(metadata.Inputs).Shape);

        var request = new ModelInferRequest { ModelName = "classifier" };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = "FP32" };
        input.Shape.AddRange([2, 4]);
        request.Inputs.Add(input);
        request.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(Rows.AsSpan())));
        var gzip = new Metadata { { "grpc-internal-encoding-request", "gzip" } };
        using var call = client.ModelInferAsync(request, gzip);
        var response = await call;

        using var session = new InferenceSession(TestOnnx.WriteTemp(TestOnnx.LinearClassifier()));
        var expected = session.Run([new("input", Tensor.FromArray([2, 4], Rows))], ["probabilities"])[0];
        Assert.Equal(expected.Data, response.RawOutputContents[0].ToByteArray());
    }

    [Fact]
    public async Task Errors_carry_the_shared_status_table_codes()
    {
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(Channel());

        async Task<StatusCode> Code(ModelInferRequest r) =>
            (await Assert.ThrowsAsync<RpcException>(async () => await client.ModelInferAsync(r))).StatusCode;

        Assert.Equal(StatusCode.NotFound, await Code(new ModelInferRequest { ModelName = "nope" }));
        Assert.Equal(StatusCode.Unavailable, await Code(new ModelInferRequest { ModelName = "broken" }));
        Assert.Equal(StatusCode.InvalidArgument, await Code(new ModelInferRequest { ModelName = "classifier" }));
    }

    [Fact]
    public async Task Health_reports_each_model_and_the_server_and_reflection_lists_the_service()
    {
        var health = new Health.HealthClient(Channel());

        Assert.Equal(
            HealthCheckResponse.Types.ServingStatus.Serving,
            (await health.CheckAsync(new HealthCheckRequest { Service = "classifier" })).Status
        );
        Assert.Equal(
            HealthCheckResponse.Types.ServingStatus.NotServing,
            (await health.CheckAsync(new HealthCheckRequest { Service = "broken" })).Status
        );
        Assert.Equal(
            HealthCheckResponse.Types.ServingStatus.NotServing,
            (await health.CheckAsync(new HealthCheckRequest { Service = "" })).Status
        );
        var unknown = await Assert.ThrowsAsync<RpcException>(async () =>
            await health.CheckAsync(new HealthCheckRequest { Service = "nope" })
        );
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        var reflection = new ServerReflection.ServerReflectionClient(Channel());
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToArray();
        Assert.Contains("inference.GRPCInferenceService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task Bytes_with_nul_come_back_intact()
    {
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(Channel());
        var request = new ModelInferRequest { ModelName = "types" };
        byte[][] values = ["a\0b"u8.ToArray(), [0], [], "z"u8.ToArray()];
        foreach (var type in TestOnnx.AllTypes)
        {
            var name = ModelSdk.Onnx.OnnxDatatypes.ToOip(type)!;
            var tensor = new ModelInferRequest.Types.InferInputTensor { Name = $"in_{type}", Datatype = name };
            tensor.Shape.AddRange([2, 2]);
            tensor.Contents = new InferTensorContents();
            if (name == "BYTES")
                tensor.Contents.BytesContents.AddRange(values.Select(ByteString.CopyFrom));
            else if (name is "FP32" or "FP16" or "BF16")
                tensor.Contents.Fp32Contents.AddRange(new float[4]);
            else if (name == "FP64")
                tensor.Contents.Fp64Contents.AddRange(new double[4]);
            else if (name == "BOOL")
                tensor.Contents.BoolContents.AddRange(new bool[4]);
            else if (name == "INT64")
                tensor.Contents.Int64Contents.AddRange(new long[4]);
            else if (name == "UINT64")
                tensor.Contents.Uint64Contents.AddRange(new ulong[4]);
            else if (name.StartsWith('U'))
                tensor.Contents.UintContents.AddRange(new uint[4]);
            else
                tensor.Contents.IntContents.AddRange(new int[4]);
            request.Inputs.Add(tensor);
        }

        var response = await client.ModelInferAsync(request);

        var index = response.Outputs.ToList().FindIndex(o => o.Datatype == "BYTES");
        var raw = response.RawOutputContents[index].ToByteArray();
        Assert.Equal([3, 0, 0, 0, (byte)'a', 0, (byte)'b'], raw[..7]);
        Assert.Equal(4 + 3 + 4 + 1 + 4 + 0 + 4 + 1, raw.Length);
    }
}
