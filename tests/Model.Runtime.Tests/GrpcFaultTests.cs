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
        await client.ModelInferAsync(Slow(512));
        // Runs of 16k rows take 0.5 s and more here (4k rows: 120-330 ms, too close to reading the message); a
        // deadline of 250 ms expires after the 16 MB message is read and before the shorter of two full runs ends.
        var full = TimeSpan.MaxValue;
        for (var i = 0; i < 2; i++)
        {
            var run = Stopwatch.StartNew();
            await client.ModelInferAsync(Slow(16384));
            full = run.Elapsed < full ? run.Elapsed : full;
        }
        var before = await fixture.MetricAsync("model_requests_cancelled_total", "slow");

        var started = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.ModelInferAsync(Slow(16384), deadline: DateTime.UtcNow.AddMilliseconds(250))
        );
        await InFlightReturnsToZeroAsync("slow");

        Assert.Equal(StatusCode.DeadlineExceeded, e.StatusCode);
        Assert.True(started.Elapsed < full * 0.8, $"terminated run took {started.Elapsed}, a full one {full}");
        Assert.True(
            before + 1 == await fixture.MetricAsync("model_requests_cancelled_total", "slow"),
            fixture.Server.Output
        );
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

        Assert.DoesNotContain("\"LogLevel\":\"Error\"", fixture.Server.Output);
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

    [Fact]
    public async Task Memory_held_by_a_64_mib_request_is_returned_afterwards()
    {
        var client = fixture.Client();
        var request = new ModelInferRequest { ModelName = "bytes" };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "x", Datatype = "UINT8" };
        input.Shape.Add(64 << 20);
        request.Inputs.Add(input);
        request.RawInputContents.Add(UnsafeByteOperations.UnsafeWrap(new byte[64 << 20]));
        await client.ServerLiveAsync(new ServerLiveRequest());
        var baseline = ResidentMiB();

        for (var i = 0; i < 3; i++)
            Assert.Equal(64 << 20, (await client.ModelInferAsync(request)).RawOutputContents[0].Length);
        var after = ResidentMiB();
        for (var i = 0; i < 50 && after - baseline >= 150; i++)
        {
            await Task.Delay(200);
            after = ResidentMiB();
        }

        Assert.True(after - baseline < 150, $"resident {baseline} MiB before, {after} MiB after three 64 MiB requests");
    }

    private long ResidentMiB()
    {
        var status = File.ReadAllLines($"/proc/{fixture.Server.Id}/status");
        var line = status.First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    }
}
