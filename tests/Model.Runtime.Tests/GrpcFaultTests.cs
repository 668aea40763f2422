using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Grpc.Core;
using ModelRuntime.Grpc.Inference;
using ModelRuntime.Tests.Support;
using ModelSdk.Testing;

namespace ModelRuntime.Tests;

/// <summary>Faults of the gRPC server, against the real process (Kestrel, HTTP/2 on a socket).</summary>
[Collection(SerialCollection.Name)]
public class GrpcFaultTests(GrpcServerFixture fixture) : IClassFixture<GrpcServerFixture>
{
    private static ModelInferRequest Slow(int rows)
    {
        var request = new ModelInferRequest { ModelName = "slow" };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "x", Datatype = "FP32" };
        input.Shape.AddRange([rows, 256]);
        request.Inputs.Add(input);
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[rows * 256 * 4]));
        return request;
    }

    private async Task InFlightReturnsToZeroAsync(string model)
    {
        for (var i = 0; i < 100 && await fixture.MetricAsync("model_requests_in_flight", model) != 0; i++)
            await Task.Delay(100);
        Assert.Equal(0, await fixture.MetricAsync("model_requests_in_flight", model));
    }

    [Fact]
    public async Task A_1_ms_deadline_on_a_slow_model_is_deadline_exceeded_and_nothing_stays_in_flight()
    {
        var client = fixture.Client();

        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.ModelInferAsync(Slow(1024), deadline: DateTime.UtcNow.AddMilliseconds(1))
        );

        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        await InFlightReturnsToZeroAsync("slow");
    }

    [Fact]
    public async Task An_expired_deadline_terminates_the_running_model_and_is_counted()
    {
        var client = fixture.Client();
        await client.ModelInferAsync(Slow(2));
        var before = await fixture.MetricAsync("model_requests_cancelled_total", "slow");

        // A full run of 4096 rows is 1.1 TFLOP (5 s or more on two cores even at their AVX-512 peak); its 4 MiB message
        // is read well within the 1 s deadline. The counter moves only when ONNX Runtime's run ends by the terminate flag: a run left to finish
        // would not count, however long it took.
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.ModelInferAsync(Slow(4096), deadline: DateTime.UtcNow.AddSeconds(1))
        );
        await InFlightReturnsToZeroAsync("slow");

        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        var after = await fixture.MetricAsync("model_requests_cancelled_total", "slow");
        Assert.True(before + 1 == after, $"cancelled runs {before} before, {after} after\n{fixture.Server.Output}");
    }

    [Fact]
    public async Task An_error_echoing_a_100_kb_name_ends_with_its_status_and_the_connection_keeps_serving()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{fixture.Server.GrpcPort}") };
        http.Timeout = TimeSpan.FromSeconds(10);
        var grpc = new GrpcClient(http);
        var name = new string('n', 100 * 1024);

        var (status, message, _) = await grpc.CallAsync<ModelReadyResponse>(
            "ModelReady",
            new ModelReadyRequest { Name = name }
        );
        var (live, _, answer) = await grpc.CallAsync<ServerLiveResponse>("ServerLive", new ServerLiveRequest());

        Assert.Equal(5, status);
        Assert.StartsWith("unknown model 'nnn", message);
        Assert.True(message!.Length < 2048, $"{message.Length} characters");
        Assert.Equal((0, true), (live, answer!.Live));
    }

    [Fact]
    public async Task Gzip_is_offered_and_a_gzip_request_is_answered()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{fixture.Server.GrpcPort}") };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/inference.GRPCInferenceService/ServerLive")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([0, 0, 0, 0, 0]),
        };
        request.Content.Headers.ContentType = new("application/grpc");

        using var response = await http.SendAsync(request);

        Assert.Contains("gzip", response.Headers.GetValues("grpc-accept-encoding").Single());
    }

    [Fact]
    public async Task A_thousand_reset_streams_log_no_error_and_are_counted()
    {
        var before = await fixture.MetricAsync("model_grpc_client_resets_total");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{fixture.Server.GrpcPort}") };
        using var reset = new CancellationTokenSource();
        var opened = new CountdownEvent(100);
        var calls = Enumerable
            .Range(0, 1000)
            .Select(async _ =>
            {
                using var request = new HttpRequestMessage(
                    HttpMethod.Post,
                    "/inference.GRPCInferenceService/ModelInfer"
                )
                {
                    Version = HttpVersion.Version20,
                    VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                    Content = new UnfinishedMessage(opened, reset.Token),
                };
                request.Content.Headers.ContentType = new("application/grpc");
                try
                {
                    using var response = await http.SendAsync(request, reset.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or HttpRequestException) { }
            })
            .ToArray();
        opened.Wait(TimeSpan.FromSeconds(30));
        await Task.Delay(500);
        reset.Cancel();
        await Task.WhenAll(calls);
        await Task.Delay(1000);

        var errors = fixture
            .Server.Output.Split('\n')
            .Where(line => line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal))
            .ToArray();
        Assert.True(errors.Length == 0, string.Join('\n', errors));
        var resets = await fixture.MetricAsync("model_grpc_client_resets_total") - before;
        Assert.True(resets >= 50, $"{resets} resets counted\n{fixture.Server.Output}");
        Assert.Equal(0, (await fixture.Client().ServerLiveAsync(new ServerLiveRequest())).Live ? 0 : 1);
    }

    /// <summary>A gRPC frame header announcing 100 bytes, then nothing until the client resets the stream.</summary>
    private sealed class UnfinishedMessage(CountdownEvent opened, CancellationToken reset) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(new byte[] { 0, 0, 0, 0, 100 });
            await stream.FlushAsync();
            if (!opened.IsSet)
                opened.Signal();
            await Task.Delay(Timeout.Infinite, reset);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
