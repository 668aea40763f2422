using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Tests.Support;
using ModelSdk.Onnx;

namespace ModelRuntime.Tests;

public class BatchingTests
{
    [Fact]
    public async Task Concurrent_requests_are_batched_and_results_equal_unbatched_runs()
    {
        var contract = ContractFolder.Write(
            new TestModel("classifier", TestOnnx.LinearClassifier(), MaxBatchSize: 16, MaxQueueDelayMs: 50),
            new TestModel("types", TestOnnx.IdentityAllTypes(), MaxBatchSize: 8, MaxQueueDelayMs: 50)
        );
        using var factory = new RuntimeFactory(contract);
        using var client = factory.CreateClient();
        using var reference = new InferenceSession(TestOnnx.WriteTemp(TestOnnx.LinearClassifier()));
        var random = new Random(1234);
        var requests = Enumerable
            .Range(0, 48)
            .Select(i =>
            {
                var rows = 1 + i % 3;
                return (
                    Rows: rows,
                    Data: Enumerable.Range(0, rows * 4).Select(_ => (float)(random.NextDouble() * 10 - 5)).ToArray()
                );
            })
            .ToArray();

        var responses = await Task.WhenAll(
            requests.Select(r =>
                client.PostJson(
                    "/v2/models/classifier/infer",
                    RestApiTests.Request(
                        "input",
                        "FP32",
                        [r.Rows, 4],
                        new JsonArray(r.Data.Select(v => (JsonNode)v).ToArray()).ToJsonString()
                    )
                )
            )
        );
        var strings = await Task.WhenAll(
            Enumerable
                .Range(0, 12)
                .Select(i =>
                    client.PostJson(
                        "/v2/models/types/infer",
                        "{\"inputs\":["
                            + string.Join(
                                ",",
                                TestOnnx.AllTypes.Select(t =>
                                    $$"""{"name":"in_{{t}}","datatype":"{{OnnxDatatypes.ToOip(t)}}","shape":[1,2],"data":{{(t == OnnxElementType.String ? $"[\"r{i}\",\"s{i}\"]" : t == OnnxElementType.Bool ? "[true,false]" : $"[{i % 100},{i % 7}]")}}}"""
                                )
                            )
                            + "],\"outputs\":[{\"name\":\"out_String\"},{\"name\":\"out_Int32\"}]}"
                    )
                )
        );

        for (var i = 0; i < requests.Length; i++)
        {
            var (status, body) = responses[i];
            Assert.Equal(HttpStatusCode.OK, status);
            var expected = reference
                .Run([new("input", Tensor.FromArray([requests[i].Rows, 4], requests[i].Data))], ["probabilities"])[0]
                .ToArray<float>();
            var output = body!["outputs"]![0]!;
            Assert.Equal([requests[i].Rows, 3L], output["shape"]!.AsArray().Select(d => d!.GetValue<long>()));
            Assert.Equal(expected, output["data"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray());
        }
        for (var i = 0; i < strings.Length; i++)
        {
            Assert.Equal(HttpStatusCode.OK, strings[i].Status);
            var outputs = strings[i].Body!["outputs"]!.AsArray();
            Assert.Equal([$"r{i}", $"s{i}"], outputs[0]!["data"]!.AsArray().Select(v => v!.GetValue<string>()));
            Assert.Equal([i % 100, i % 7], outputs[1]!["data"]!.AsArray().Select(v => v!.GetValue<int>()));
        }

        // Batching happened: fewer ONNX Runtime calls than requests, and some call carried more than 3 rows.
        var metrics = await client.GetStringAsync("/metrics");
        var calls = Count(metrics, @"model_batch_size_count\{model=""classifier""\} (\d+)");
        var upTo2 = Count(metrics, @"model_batch_size_bucket\{model=""classifier"",le=""2""\} (\d+)");
        var upTo4 = Count(metrics, @"model_batch_size_bucket\{model=""classifier"",le=""4""\} (\d+)");
        Assert.True(calls < requests.Length, $"{calls} calls for {requests.Length} requests");
        Assert.True(upTo4 < calls, metrics);
        Assert.True(upTo2 <= upTo4);
        Assert.True(Count(metrics, @"model_batch_size_count\{model=""types""\} (\d+)") < strings.Length);
    }

    [Fact]
    public void Batching_is_off_when_the_first_axis_is_fixed_or_the_limit_is_one()
    {
        using var fixedBatch = new InferenceSession(TestOnnx.WriteTemp(TestOnnx.LinearClassifier(1L)));
        using var dynamic = new InferenceSession(TestOnnx.WriteTemp(TestOnnx.LinearClassifier()));
        using var scalars = new InferenceSession(TestOnnx.WriteTemp(TestOnnx.ScalarAndVector()));

        Assert.False(Batching.Batcher.CanBatch(fixedBatch, 8));
        Assert.False(Batching.Batcher.CanBatch(scalars, 8));
        Assert.False(Batching.Batcher.CanBatch(dynamic, 1));
        Assert.True(Batching.Batcher.CanBatch(dynamic, 2));
    }

    private static long Count(string text, string pattern) =>
        long.Parse(
            Regex.Match(text, pattern) is { Success: true } m
                ? m.Groups[1].Value
                : throw new Xunit.Sdk.XunitException($"no {pattern} in metrics")
        );
}
