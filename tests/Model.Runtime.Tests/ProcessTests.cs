using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Google.Protobuf;
using ModelRuntime.Grpc.Inference;
using ModelRuntime.Tests.Support;
using ModelSdk.Testing;

namespace ModelRuntime.Tests;

[Collection(SerialCollection.Name)]
public class ProcessTests
{
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private const int SigTerm = 15;

    [Fact]
    public async Task Sigterm_finishes_in_flight_requests_and_exits_zero()
    {
        var contract = ContractFolder.Write(
            new TestModel("classifier", TestOnnx.LinearClassifier()),
            new TestModel("batched", TestOnnx.LinearClassifier(), MaxBatchSize: 8, MaxQueueDelayMs: 5)
        );
        using var server = new RuntimeProcess(contract);
        await server.WaitUntilLiveAsync();
        // Requests whose bodies are held half-sent are in flight for sure when the signal arrives.
        var gate = new TaskCompletionSource();
        var body = RestApiTests.Request("input", "FP32", [1, 4], "[1,2,3,4]");
        var inFlight = Enumerable
            .Range(0, 6)
            .Select(i =>
                server.Rest.PostAsync(
                    $"/v2/models/{(i % 2 == 0 ? "classifier" : "batched")}/infer",
                    new HeldContent(body, gate.Task)
                )
            )
            .ToArray();
        for (var attempt = 0; ; attempt++)
        {
            var metrics = await server.Rest.GetStringAsync("/metrics");
            if (
                metrics.Contains("model_requests_in_flight{model=\"classifier\"} 3")
                && metrics.Contains("model_requests_in_flight{model=\"batched\"} 3")
            )
                break;
            Assert.True(attempt < 500, "requests never arrived:\n" + metrics);
            await Task.Delay(20);
        }

        Assert.Equal(0, kill(server.Id, SigTerm));
        await Task.Delay(200); // let the host begin stopping before the bodies complete
        Assert.False(server.Process.HasExited);
        gate.SetResult();

        foreach (var response in await Task.WhenAll(inFlight))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("probabilities", await response.Content.ReadAsStringAsync());
        }
        await server.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, server.Process.ExitCode);
    }

    /// <summary>Sends the first half of a body, then the rest once <paramref name="gate"/> completes.</summary>
    private sealed class HeldContent(string text, Task gate) : HttpContent
    {
        private readonly byte[] _bytes = System.Text.Encoding.UTF8.GetBytes(text);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var half = _bytes.Length / 2;
            await stream.WriteAsync(_bytes.AsMemory(0, half));
            await stream.FlushAsync();
            await gate;
            await stream.WriteAsync(_bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return true;
        }
    }

    [Fact]
    public async Task Real_server_speaks_rest_and_grpc_over_cleartext_http2_and_logs_json()
    {
        var contract = ContractFolder.Write(
            new TestModel("classifier", TestOnnx.LinearClassifier()),
            new TestModel("broken", "garbage"u8.ToArray())
        );
        using var server = new RuntimeProcess(contract);
        await server.WaitUntilLiveAsync();

        using var ready = await server.Rest.GetAsync("/v2/health/ready");
        Assert.Equal(HttpStatusCode.BadRequest, ready.StatusCode);
        using var infer = await server.Rest.PostAsync(
            "/v2/models/classifier/infer",
            new StringContent(RestApiTests.Request("input", "FP32", [1, 4], "[1,2,3,4]"))
        );
        Assert.Equal(HttpStatusCode.OK, infer.StatusCode);

        var (status, message, response) = await new GrpcClient(server.Grpc).CallAsync<ModelInferResponse>(
            "ModelInfer",
            ClassifierRequest([1, 2, 3, 4])
        );
        Assert.True(status == 0, message);
        Assert.Equal(
            RestApiTests.Reference([1, 2, 3, 4], 1),
            MemoryMarshal.Cast<byte, float>(response!.RawOutputContents[0].Span).ToArray()
        );

        Assert.Equal(0, kill(server.Id, SigTerm));
        await server.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, server.Process.ExitCode);
        // Every log line is one JSON object; the failed model's reason is among them.
        var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        var logs = lines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Contains(
            logs,
            l =>
                l.GetProperty("Message").GetString()!.Contains("broken")
                && l.GetProperty("LogLevel").GetString() == "Error"
        );
    }

    [Fact]
    public async Task A_grpc_message_over_the_limit_is_resource_exhausted_and_the_server_keeps_serving()
    {
        var contract = ContractFolder.Write(new TestModel("classifier", TestOnnx.LinearClassifier()));
        using var server = new RuntimeProcess(
            contract,
            new Dictionary<string, string> { ["MODEL_MAX_REQUEST_BYTES"] = "1000000" }
        );
        await server.WaitUntilLiveAsync();
        var grpc = new GrpcClient(server.Grpc);

        // Kestrel's body limit used to cut this 1.2 MB message off mid-read: UNKNOWN instead of RESOURCE_EXHAUSTED.
        var (status, message, _) = await grpc.CallAsync<ModelInferResponse>(
            "ModelInfer",
            ClassifierRequest(new float[300_000])
        );
        Assert.Equal(8, status);
        Assert.Contains("exceeds the maximum", message);

        (status, message, _) = await grpc.CallAsync<ModelInferResponse>("ModelInfer", ClassifierRequest([1, 2, 3, 4]));
        Assert.True(status == 0, message);
    }

    private static ModelInferRequest ClassifierRequest(float[] rows)
    {
        var request = new ModelInferRequest { ModelName = "classifier" };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = "FP32" };
        input.Shape.AddRange([rows.Length / 4, 4]);
        request.Inputs.Add(input);
        request.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(rows.AsSpan())));
        return request;
    }
}
