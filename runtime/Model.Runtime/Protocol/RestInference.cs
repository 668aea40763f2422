using System.Buffers;
using System.Globalization;
using ModelRuntime.Memory;
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
            throw new InferenceException(503, $"model '{model.Name}' is not ready: {model.LoadError}");
        var options = ctx.RequestServices.GetRequiredService<RuntimeOptions>();
        JsonInferRequest request;
        // The body goes back to its pool (and its budget) as soon as the tensors are read from it.
        using (var body = await RequestBody.ReadAsync(ctx, options.MaxRequestBytes, lease))
            request = Parse(ctx, body.Sequence, model, lease);
        var runner = ctx.RequestServices.GetRequiredService<InferenceRunner>();
        var outputs = await runner.RunAsync(model, request.Inputs, request.Outputs);
        var binary = BinaryInferResponse.Choose(outputs, request);
        if (binary.Any(b => b))
            await BinaryInferResponse.WriteAsync(ctx.Response, model, request.Id, outputs, binary);
        else
            await JsonInferResponse.WriteAsync(ctx.Response, model, request.Id, outputs);
        return 200;
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
