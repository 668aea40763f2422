using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using Google.Protobuf;
using ModelRuntime.Grpc.Inference;
using ModelRuntime.OnnxRuntime;
using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>
/// The whole product: dotnet new, dotnet build, podman run of the built image, and Open Inference Protocol answers
/// equal to what ONNX Runtime computes in-process for the same model and input.
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

        var load = ProcessRunner.Run("podman", ["load", "-i", archive], project.Directory);
        Assert.True(load.ExitCode == 0, load.Output);
        var image = "served:1.0.0";
        var port = FreePort.Next();
        var grpcPort = FreePort.Next();
        var name = "modelsdk-it-" + Guid.NewGuid().ToString("N")[..8];
        var run = ProcessRunner.Run(
            "podman",
            ["run", "-d", "--name", name, "-p", $"127.0.0.1:{port}:8080", "-p", $"127.0.0.1:{grpcPort}:8081", image],
            project.Directory
        );
        Assert.True(run.ExitCode == 0, run.Output);
        try
        {
            using var http = new HttpClient
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = TimeSpan.FromSeconds(10),
            };
            await WaitUntilReady(http, name);

            var response = await http.PostAsJsonAsync(
                "/v2/models/Served/infer",
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
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            using var json = JsonDocument.Parse(body);
            Assert.Equal("e2e-1", json.RootElement.GetProperty("id").GetString());
            var output = json
                .RootElement.GetProperty("outputs")
                .EnumerateArray()
                .Single(o => o.GetProperty("name").GetString() == "probabilities");
            Assert.Equal([2, 3], output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
            var served = output.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();

            var expected = InProcess(Path.Combine(project.Directory, "model.onnx"));
            Assert.Equal(expected, served);
            Assert.Equal(expected, await InferOverGrpc(grpcPort));
        }
        finally
        {
            ProcessRunner.Run("podman", ["rm", "-f", name], project.Directory);
            ProcessRunner.Run("podman", ["rmi", "-f", image], project.Directory);
        }
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
        Environment.SetEnvironmentVariable(OrtLibrary.EnvironmentVariable, OnnxRuntimePath());
        OrtLibrary.RegisterResolver();
        using var session = new InferenceSession(model);
        var outputs = session.Run([new("input", Tensor.FromArray([2L, 4L], Rows))], ["probabilities"]);
        return outputs[0].ToArray<float>();
    }

    private static string OnnxRuntimePath() =>
        Path.Combine(RepoRoot.Path, "artifacts", "onnxruntime", "linux-x64", "libonnxruntime.so.1");

    private static async Task WaitUntilReady(HttpClient http, string container)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var ready = await http.GetAsync("/v2/health/ready");
                if (ready.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        var logs = ProcessRunner.Run("podman", ["logs", container], Path.GetTempPath());
        Assert.Fail("the served image did not become ready:\n" + logs.Output);
    }
}
