using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using ModelRuntime.Memory;
using ModelRuntime.Metrics;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Protocol;
using ModelRuntime.Serving;

namespace ModelRuntime.Typed;

/// <summary>
/// <c>POST /v1/models/{name}:predict</c>: instances (images or records, <see cref="V1Request"/>) bound to the
/// model's inputs, run, and answered as <c>{"predictions": [...]}</c> (<see cref="RawPredictions"/>).
/// </summary>
public static class V1Predict
{
    public static async Task<int> AnswerAsync(HttpContext ctx, ServedModel model, RequestMemoryLease lease)
    {
        if (model.Session is null)
            throw ErrorStatus.NotReady(model);
        var services = ctx.RequestServices;
        var options = services.GetRequiredService<RuntimeOptions>();
        var statistics = services.GetRequiredService<RuntimeMetrics>().For(model.Name).Statistics;
        var started = Stopwatch.GetTimestamp();
        byte[] bytes;
        using (var body = await RequestBody.ReadAsync(ctx, options.MaxRequestBytes, lease))
            bytes = body.Sequence.ToArray();
        var instances = await V1Request.ParseAsync(ctx.Request.ContentType, bytes, options.MaxInstances, ctx.RequestAborted);
        var batches = InstanceBinder.Bind(model, instances);
        foreach (var input in batches.SelectMany(b => b.Inputs))
            lease.Reserve(input.Value.Data.LongLength, $"input '{input.Key}'");
        var parsed = Stopwatch.GetTimestamp();
        try
        {
            var runner = services.GetRequiredService<InferenceRunner>();
            var runs = new List<(TypedBatch, IReadOnlyList<OutputTensor>)>();
            foreach (var batch in batches)
                runs.Add((batch, await runner.RunAsync(model, batch.Inputs, null, ctx.RequestAborted, recordOutcome: false)));
            var computed = Stopwatch.GetTimestamp();
            await WriteAsync(ctx, runs);
            statistics.ComputeInput.AddTicks(parsed - started);
            statistics.ComputeOutput.AddTicks(Stopwatch.GetTimestamp() - computed);
            statistics.RequestSucceeded(runs.Count, Stopwatch.GetTimestamp() - started);
            return 200;
        }
        catch (Exception e) when (e is not InferenceException { StatusCode: < 500 })
        {
            statistics.RequestFailed(Stopwatch.GetTimestamp() - started);
            throw;
        }
    }

    private static async Task WriteAsync(HttpContext ctx, IReadOnlyList<(TypedBatch, IReadOnlyList<OutputTensor>)> runs)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            RawPredictions.WritePredictions(writer, runs);
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = buffer.Length;
        await ctx.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ctx.RequestAborted);
    }
}
