using System.Net;
using System.Text.RegularExpressions;
using ModelRuntime.Tests.Support;

namespace ModelRuntime.Tests;

/// <summary>HTTP-level client mistakes and the request memory budget, against the real Kestrel server.</summary>
[Collection(SerialCollection.Name)]
public class RestProcessRobustnessTests
{
    private const string Path = "/v2/models/classifier/infer";

    private static RuntimeProcess Start(Dictionary<string, string>? environment = null) =>
        new(ContractFolder.Write(new TestModel("classifier", TestOnnx.LinearClassifier())), environment);

    private static string Headers(string transfer) =>
        $"POST {Path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{transfer}\r\n\r\n";

    [Fact]
    public async Task A_bad_chunk_size_and_a_stalled_body_are_client_errors_not_failures()
    {
        using var server = Start();
        await server.WaitUntilLiveAsync();

        using (var raw = await RawHttp.ConnectAsync(server.RestPort))
        {
            await raw.SendAsync(Headers("Transfer-Encoding: chunked") + "zz\r\n{}\r\n0\r\n\r\n");
            var (status, text) = await raw.ReadResponseAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(400, status);
            Assert.Contains("not valid HTTP", text);
        }
        using (var raw = await RawHttp.ConnectAsync(server.RestPort))
        {
            // Kestrel's MinRequestBodyDataRate: 240 bytes/s after a 5 s grace period; this sends 1 byte.
            await raw.SendAsync(Headers("Content-Length: 1000") + "{");
            var (status, text) = await raw.ReadResponseAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(408, status);
            Assert.Contains("too slowly", text);
        }

        var metrics = await server.Rest.GetStringAsync("/metrics");
        Assert.Contains("model_request_failures_total{model=\"classifier\"} 0", metrics);
        Assert.Contains("model_request_client_errors_total{model=\"classifier\"} 2", metrics);
    }

    [Fact]
    public async Task A_request_that_finds_the_memory_budget_taken_is_503_with_retry_after()
    {
        using var server = Start(
            new() { ["MODEL_MAX_REQUEST_BYTES"] = "1000000", ["MODEL_MAX_REQUEST_MEMORY_BYTES"] = "1500000" }
        );
        await server.WaitUntilLiveAsync();
        // The first request declares 900,000 bytes and sends one: it holds that much budget while it waits.
        using var holder = await RawHttp.ConnectAsync(server.RestPort);
        await holder.SendAsync(Headers("Content-Length: 900000") + "{");
        await Task.Delay(500);

        using var second = await RawHttp.ConnectAsync(server.RestPort);
        await second.SendAsync(Headers("Content-Length: 900000"));
        var (status, text) = await second.ReadResponseAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(503, status);
        Assert.Matches(new Regex("^Retry-After: 1\r$", RegexOptions.Multiline | RegexOptions.IgnoreCase), text);
        Assert.Contains("MODEL_MAX_REQUEST_MEMORY_BYTES", text);
        holder.Dispose();
        // Once the holder is gone its budget is back.
        var body = RestApiTests.Request("input", "FP32", [1, 4], "[1,2,3,4]");
        for (var attempt = 0; ; attempt++)
        {
            var (ok, _) = await server.Rest.PostJson(Path, body);
            if (ok == HttpStatusCode.OK)
                break;
            Assert.True(attempt < 100, $"still {ok}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_huge_shape_with_tiny_data_is_refused_without_allocating_for_the_shape()
    {
        using var factory = new RuntimeFactory(
            ContractFolder.Write(new TestModel("classifier", TestOnnx.LinearClassifier()))
        );
        using var client = factory.CreateClient();
        var body = RestApiTests.Request("input", "FP32", [100_000_000, 4], "[1,2,3,4]");
        for (var i = 0; i < 5; i++)
            await client.PostJson(Path, body);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < 20; i++)
        {
            var (status, _) = await client.PostJson(Path, body);
            Assert.Equal(HttpStatusCode.BadRequest, status);
        }
        var perRequest = (GC.GetTotalAllocatedBytes(precise: true) - before) / 20;

        Assert.True(perRequest < 256 * 1024, $"{perRequest} bytes allocated per request");
    }
}
