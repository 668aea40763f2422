using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using ModelRuntime.Memory;
using ModelRuntime.Metrics;
using ModelRuntime.Serving;

namespace ModelRuntime.Protocol;

/// <summary>
/// One REST inference: the body read (gzip or not) under the memory budget, split into its JSON header and binary
/// part when Inference-Header-Content-Length is given, run, and answered as JSON or JSON + binary.
/// </summary>
public static class RestInference
{
    public static async Task<int> AnswerAsync(HttpContext ctx, ServedModel model, RequestMemoryLease lease)
    {
        if (model.Session is null)
            throw ErrorStatus.NotReady(model);
        var services = ctx.RequestServices;
        var options = services.GetRequiredService<RuntimeOptions>();
        var statistics = services.GetRequiredService<RuntimeMetrics>().For(model.Name).Statistics;
        var started = Stopwatch.GetTimestamp();
        JsonInferRequest request;
        // The body goes back to its pool (and its budget) as soon as the tensors are read from it.
        using (var body = await RequestBody.ReadAsync(ctx, options.MaxRequestBytes, lease))
            request = Parse(ctx, body.Sequence, model, lease);
        var parsed = Stopwatch.GetTimestamp();
        try
        {
            var runner = services.GetRequiredService<InferenceRunner>();
            var outputs = await runner.RunAsync(
                model,
                request.Inputs,
                request.Outputs,
                ctx.RequestAborted,
                recordOutcome: false
            );
            var computed = Stopwatch.GetTimestamp();
            await WriteAsync(ctx, model, request, outputs);
            statistics.ComputeInput.AddTicks(parsed - started);
            statistics.ComputeOutput.AddTicks(Stopwatch.GetTimestamp() - computed);
            var rows = InferenceRunner.InferenceCount(model, request.Inputs);
            statistics.RequestSucceeded(rows, Stopwatch.GetTimestamp() - started);
            return 200;
        }
        catch (Exception e) when (e is not InferenceException { StatusCode: < 500 })
        {
            // Parsed requests that fail in the model or while answering (not the client's mistakes).
            statistics.RequestFailed(Stopwatch.GetTimestamp() - started);
            throw;
        }
    }

    private static Task WriteAsync(
        HttpContext ctx,
        ServedModel model,
        JsonInferRequest request,
        IReadOnlyList<OutputTensor> outputs
    )
    {
        var binary = BinaryInferResponse.Choose(outputs, request);
        return binary.Any(b => b)
            ? BinaryInferResponse.WriteAsync(ctx.Response, model, request.Id, outputs, binary)
            : JsonInferResponse.WriteAsync(ctx.Response, model, request.Id, outputs);
    }

    private static JsonInferRequest Parse(
        HttpContext ctx,
        ReadOnlySequence<byte> body,
        ServedModel model,
        RequestMemoryLease lease
    )
    {
        var headerLength = HeaderLength(ctx, body.Length);
        if (headerLength is not { } length)
            return JsonInferRequest.Parse(body, model, lease);
        var binary = new BinaryInputCursor(body.Slice(length), headerGiven: true);
        return JsonInferRequest.Parse(body.Slice(0, length), model, lease, binary);
    }

    private static long? HeaderLength(HttpContext ctx, long bodyLength)
    {
        if (!ctx.Request.Headers.TryGetValue(BinaryInferResponse.HeaderLength, out var values))
            return null;
        var text = values.ToString();
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            throw InferenceException.BadRequest(
                $"{BinaryInferResponse.HeaderLength} must be the length in bytes of the body's JSON part, "
                    + $"not '{Echo.Of(text)}'"
            );
        if (length > bodyLength)
            throw InferenceException.BadRequest(
                $"{BinaryInferResponse.HeaderLength} is {length} but the body has only {bodyLength} bytes"
            );
        return length;
    }
}
