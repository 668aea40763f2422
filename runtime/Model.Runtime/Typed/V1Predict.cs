using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelRuntime.Memory;
using ModelRuntime.Metrics;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Protocol;
using ModelRuntime.Serving;
using ModelRuntime.Typed.Outputs;

namespace ModelRuntime.Typed;

/// <summary>
/// <c>POST /v1/models/{name}:predict</c>: instances (images or records, <see cref="V1Request"/>) bound to the
/// model's inputs, run, and answered as <c>{"predictions": [...]}</c>, one typed prediction per instance
/// (<see cref="PredictionFormatter"/>: by the model's purpose). With <c>Accept: image/png</c>, a single-instance
/// request to a segmentation or image-to-image model gets the PNG itself.
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
        // The pooled body went back to the budget; the copy the instances are read from (and may point into) did not.
        lease.Reserve(bytes.LongLength, "request body");
        var instances = await V1Request.ParseAsync(
            ctx.Request.ContentType,
            bytes,
            options.MaxInstances,
            ctx.RequestAborted
        );
        var batches = InstanceBinder.Bind(model, instances);
        foreach (var input in batches.SelectMany(b => b.Inputs))
            lease.Reserve(input.Value.Data.LongLength, $"input '{input.Key}'");
        var parsed = Stopwatch.GetTimestamp();
        try
        {
            var runner = services.GetRequiredService<InferenceRunner>();
            var runs = new List<(TypedBatch Batch, IReadOnlyList<OutputTensor> Outputs)>();
            foreach (var batch in batches)
                runs.Add(
                    (batch, await runner.RunAsync(model, batch.Inputs, null, ctx.RequestAborted, recordOutcome: false))
                );
            var computed = Stopwatch.GetTimestamp();
            foreach (var batch in batches)
                batch.ReleaseImages();
            await WriteAsync(ctx, model, runs);
            statistics.ComputeInput.AddTicks(parsed - started);
            statistics.ComputeOutput.AddTicks(Stopwatch.GetTimestamp() - computed);
            statistics.RequestSucceeded(runs.Sum(r => r.Batch.Count), Stopwatch.GetTimestamp() - started);
            return 200;
        }
        catch (Exception e) when (e is not InferenceException { StatusCode: < 500 })
        {
            statistics.RequestFailed(Stopwatch.GetTimestamp() - started);
            throw;
        }
    }

    private static async Task WriteAsync(
        HttpContext ctx,
        ServedModel model,
        IReadOnlyList<(TypedBatch Batch, IReadOnlyList<OutputTensor> Outputs)> runs
    )
    {
        if (WantsPng(ctx) && runs is [{ Batch.Count: 1 } only])
        {
            if (PredictionFormatter.FormatPng(model, only.Outputs, 0, GeometryOf(only.Batch, 0)) is { } png)
            {
                await Write(ctx, "image/png", png);
                return;
            }
        }
        var predictions = new JsonArray();
        foreach (var (batch, outputs) in runs)
        {
            for (var i = 0; i < batch.Count; i++)
                predictions.Add(PredictionFormatter.Format(model, outputs, i, GeometryOf(batch, i)));
        }
        var body = new JsonObject { ["predictions"] = predictions };
        await Write(ctx, "application/json", JsonResponses.Node(body));
    }

    // Boxes and maps go back to the image of the model's first image input.
    private static ImageGeometry? GeometryOf(TypedBatch batch, int instance) =>
        batch.Geometry.Values.FirstOrDefault() is { } geometries ? geometries[instance] : null;

    private static bool WantsPng(HttpContext ctx) =>
        ctx.Request.Headers.Accept.ToString().Contains("image/png", StringComparison.OrdinalIgnoreCase);

    private static async Task Write(HttpContext ctx, string contentType, byte[] body)
    {
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = contentType;
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted);
    }
}
