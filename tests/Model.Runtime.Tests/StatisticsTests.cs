using System.Net;
using System.Text.Json.Nodes;
using ModelRuntime.Tests.Support;

namespace ModelRuntime.Tests;

public class StatisticsTests
{
    private static JsonNode Stat(JsonNode body, string model) =>
        body["model_stats"]!.AsArray().Single(m => m!["name"]!.GetValue<string>() == model)!;

    private static long Count(JsonNode stat, string what) => stat["inference_stats"]![what]!["count"]!.GetValue<long>();

    private static long Ns(JsonNode stat, string what) => stat["inference_stats"]![what]!["ns"]!.GetValue<long>();

    [Fact]
    public async Task Statistics_move_as_requests_are_made_and_batches_add_up()
    {
        using var factory = new RuntimeFactory(
            ContractFolder.Write(
                new TestModel("batched", TestOnnx.LinearClassifier(), MaxBatchSize: 8, MaxQueueDelayMs: 20),
                new TestModel("plain", TestOnnx.LinearClassifier())
            )
        );
        using var client = factory.CreateClient();
        var (status, before) = await client.GetJson("/v2/models/stats");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, Stat(before!, "batched")["inference_count"]!.GetValue<long>());
        Assert.Equal(0, Stat(before!, "plain")["last_inference"]!.GetValue<long>());

        int[] rows = [2, 3, 1, 1, 1, 1, 1, 2];
        await Task.WhenAll(
            rows.Select(r =>
                client.PostJson(
                    "/v2/models/batched/infer",
                    RestApiTests.Request(
                        "input",
                        "FP32",
                        [r, 4],
                        $"[{string.Join(",", Enumerable.Repeat("1", r * 4))}]"
                    )
                )
            )
        );
        await client.PostJson(
            "/v2/models/plain/infer",
            RestApiTests.Request("input", "FP32", [3, 4], "[" + string.Join(",", Enumerable.Repeat("1", 12)) + "]")
        );
        await client.PostJson("/v2/models/plain/infer", RestApiTests.Request("input", "FP32", [1, 3], "[1,2,3]"));
        var since = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;

        var (_, body) = await client.GetJson("/v2/models/batched/versions/1/stats");
        var batched = Assert.Single(body!["model_stats"]!.AsArray())!;
        Assert.Equal("1", batched["version"]!.GetValue<string>());
        Assert.Equal(rows.Sum(), batched["inference_count"]!.GetValue<long>());
        Assert.Equal(rows.Length, Count(batched, "success"));
        Assert.Equal(rows.Length, Count(batched, "queue"));
        Assert.Equal(rows.Length, Count(batched, "compute_input"));
        Assert.Equal(rows.Length, Count(batched, "compute_infer"));
        Assert.Equal(rows.Length, Count(batched, "compute_output"));
        Assert.True(Ns(batched, "success") > 0 && Ns(batched, "compute_infer") > 0);
        Assert.Equal(0, Count(batched, "fail"));
        var executions = batched["execution_count"]!.GetValue<long>();
        Assert.InRange(executions, 1, rows.Length);
        var batches = batched["batch_stats"]!.AsArray();
        Assert.Equal(executions, batches.Sum(b => b!["compute_infer"]!["count"]!.GetValue<long>()));
        Assert.Equal(
            rows.Sum(),
            batches.Sum(b => b!["batch_size"]!.GetValue<long>() * b["compute_infer"]!["count"]!.GetValue<long>())
        );
        Assert.True(batched["last_inference"]!.GetValue<long>() > since);

        (_, body) = await client.GetJson("/v2/models/plain/stats");
        var plain = Assert.Single(body!["model_stats"]!.AsArray())!;
        // Without batching a request is one inference and one execution, and a 400 is the client's, not a failure.
        Assert.Equal(1, plain["inference_count"]!.GetValue<long>());
        Assert.Equal(1, plain["execution_count"]!.GetValue<long>());
        Assert.Equal(0, Count(plain, "fail"));
        Assert.Equal(1, plain["batch_stats"]![0]!["batch_size"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_request_that_fails_in_the_model_counts_as_fail_not_success()
    {
        using var factory = new RuntimeFactory(
            ContractFolder.Write(new TestModel("dynamic", TestOnnx.DynamicMatMul()))
        );
        using var client = factory.CreateClient();

        var (status, _) = await client.PostJson(
            "/v2/models/dynamic/infer",
            RestApiTests.Request("x", "FP32", [1, 2], "[1,2]")
        );
        var (ok, _) = await client.PostJson(
            "/v2/models/dynamic/infer",
            RestApiTests.Request("x", "FP32", [1, 4], "[1,2,3,4]")
        );
        var (_, body) = await client.GetJson("/v2/models/dynamic/stats");

        Assert.Equal((HttpStatusCode.InternalServerError, HttpStatusCode.OK), (status, ok));
        var stat = Stat(body!, "dynamic");
        Assert.Equal((1L, 1L), (Count(stat, "fail"), Count(stat, "success")));
        Assert.True(Ns(stat, "fail") > 0);
        Assert.Equal(1, stat["inference_count"]!.GetValue<long>());
    }

    [Fact]
    public async Task Unknown_model_or_version_statistics_are_404()
    {
        using var factory = new RuntimeFactory(
            ContractFolder.Write(new TestModel("plain", TestOnnx.LinearClassifier()))
        );
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetJson("/v2/models/nope/stats")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetJson("/v2/models/plain/versions/9/stats")).Status);
    }

    [Fact]
    public async Task Server_metadata_lists_the_extensions_that_work()
    {
        using var factory = new RuntimeFactory(
            ContractFolder.Write(new TestModel("plain", TestOnnx.LinearClassifier()))
        );
        using var client = factory.CreateClient();

        var (_, body) = await client.GetJson("/v2");

        Assert.Equal(
            ["binary_tensor_data", "classification", "model_repository", "statistics"],
            body!["extensions"]!.AsArray().Select(e => e!.GetValue<string>())
        );
    }
}
