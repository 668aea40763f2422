using System.Runtime.InteropServices;
using System.Text.Json;
using Google.Protobuf;
using ModelRuntime.Grpc.Inference;
using ModelRuntime.OnnxRuntime;
using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>
/// The whole product: dotnet new, dotnet build, podman run of the built image, and Open Inference Protocol answers
/// (REST and gRPC) equal to what ONNX Runtime computes in-process for the same model and input.
/// </summary>
[Collection(SdkFeedCollection.Name)]
public sealed class ServedImageTests(SdkFeed feed)
{
    private static readonly float[] Rows = [5.1f, 3.5f, 1.4f, 0.2f, 6.7f, 3.0f, 5.2f, 2.3f];

    [Fact]
    public async Task Built_image_runs_under_podman_and_answers_like_onnx_runtime()
    {
        var project = ModelProject.FromTemplate(feed, "Served");
        var archive = Path.Combine(project.Directory, "image.tar");
        var build = project.Build($"-p:ContainerArchiveOutputPath={archive}");
        Assert.True(build.ExitCode == 0, build.Output);
        var expected = InProcess(project.Path_("model.onnx"));

        await using var container = await ServedContainer.StartAsync(archive, "served:1.0.0", project.Directory);

        var outputs = await container.InferAsync(
            "Served",
            new
            {
                id = "e2e-1",
                inputs = new[]
                {
                    new
                    {
                        name = "input",
                        datatype = "FP32",
                        shape = new[] { 2, 4 },
                        data = Rows,
                    },
                },
            }
        );
        var output = outputs.Single(o => o.GetProperty("name").GetString() == "probabilities");
        Assert.Equal([2, 3], output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(expected, output.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray());
        Assert.Equal(expected, await InferOverGrpc(container.GrpcPort));
    }

    private static async Task<float[]> InferOverGrpc(int port)
    {
        using var http = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(10),
        };
        var request = new ModelInferRequest { ModelName = "Served", Id = "e2e-grpc" };
        request.Inputs.Add(
            new ModelInferRequest.Types.InferInputTensor
            {
                Name = "input",
                Datatype = "FP32",
                Shape = { 2, 4 },
            }
        );
        request.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(Rows.AsSpan())));

        var (status, message, response) = await new GrpcClient(http).CallAsync<ModelInferResponse>(
            "ModelInfer",
            request
        );

        Assert.True(status == 0, message);
        Assert.Equal("e2e-grpc", response!.Id);
        var index = response.Outputs.ToList().FindIndex(o => o.Name == "probabilities");
        return MemoryMarshal.Cast<byte, float>(response.RawOutputContents[index].Span).ToArray();
    }

    private static float[] InProcess(string model)
    {
        using var session = new InferenceSession(model);
        var outputs = session.Run([new("input", Tensor.FromArray([2L, 4L], Rows))], ["probabilities"]);
        return outputs[0].ToArray<float>();
    }
}
