using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
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
        // The image has no CA bundle and no writable home: ONNX Runtime's telemetry notices must not be warnings.
        var logs = container.Logs();
        Assert.DoesNotContain('\u001b', logs);
        Assert.DoesNotContain("telemetry", logs, StringComparison.OrdinalIgnoreCase);
        await AnswersOverGrpcJs(container.GrpcPort, expected);
    }

    /// <summary>
    /// The gRPC client we did not write (tests/Model.Runtime.Tests/Node/kserve-client.mjs: @grpc/grpc-js and
    /// @grpc/proto-loader from eng/install-deps.sh) calls every method of the served image.
    /// </summary>
    private static async Task AnswersOverGrpcJs(int port, float[] expected)
    {
        var inputs = Path.Combine(Path.GetTempPath(), $"served-inputs-{Guid.NewGuid():N}.json");
        var tensor = new
        {
            name = "input",
            datatype = "FP32",
            shape = new[] { 2, 4 },
            data = Rows,
        };
        await File.WriteAllTextAsync(inputs, JsonSerializer.Serialize(new[] { tensor }));
        string[] arguments =
        [
            Path.Combine(RepoRoot.Path, "tests", "Model.Runtime.Tests", "Node", "kserve-client.mjs"),
            $"127.0.0.1:{port}",
            Path.Combine(RepoRoot.Path, "runtime", "Model.Runtime", "Grpc", "inference.proto"),
            Path.Combine(RepoRoot.Path, "artifacts", "node-grpc", "node_modules"),
            "Served",
            inputs,
        ];
        using var node = Process.Start(new ProcessStartInfo("node", arguments) { RedirectStandardOutput = true })!;
        var stdout = await node.StandardOutput.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        File.Delete(inputs);
        Assert.True(node.ExitCode == 0, $"kserve-client.mjs failed ({node.ExitCode}); run eng/install-deps.sh");

        var result = JsonNode.Parse(stdout)!;
        Assert.Equal("SERVING", result["health"]!["response"]!["status"]!.GetValue<string>());
        foreach (var call in new[] { "serverLive", "serverReady", "modelReady" })
            Assert.True(result[call]!["response"]?[call == "serverLive" ? "live" : "ready"]?.GetValue<bool>(), call);
        Assert.Equal("model-runtime", result["serverMetadata"]!["response"]!["name"]!.GetValue<string>());
        Assert.Equal("Served", result["modelMetadata"]!["response"]!["name"]!.GetValue<string>());
        foreach (var call in new[] { "inferTyped", "inferRaw" })
        {
            var outputs = result[call]!["outputs"]?.AsArray() ?? throw new Xunit.Sdk.XunitException($"{result[call]}");
            var output = outputs.Single(o => o!["name"]!.GetValue<string>() == "probabilities")!;
            Assert.Equal(expected, output["data"]!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray());
        }
        Assert.Equal(5, result["unknownModel"]!["error"]!["code"]!.GetValue<int>()); // NOT_FOUND
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
