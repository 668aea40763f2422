using System.Text.Json;
using ModelRuntime.Serving;

namespace ModelRuntime.Protocol;

/// <summary>
/// POST /v2/repository/index (model repository extension, read only): every served model with its version and
/// state, READY or UNAVAILABLE with the reason. {"ready": true} lists only the ready ones.
/// </summary>
public static class RepositoryIndex
{
    private const int MaxBody = 4096;

    public static void Map(IEndpointRouteBuilder app) => app.MapPost("/v2/repository/index", AnswerAsync);

    private static async Task AnswerAsync(HttpContext ctx)
    {
        bool readyOnly;
        try
        {
            readyOnly = ReadyOnly(await ReadSmallBodyAsync(ctx));
        }
        catch (InferenceException e)
        {
            await Write(ctx, e.StatusCode, JsonResponses.Error(e.Message));
            return;
        }
        var repository = ctx.RequestServices.GetRequiredService<ModelRepository>();
        var body = IndexJson(repository.Models.Where(m => !readyOnly || m.IsReady));
        await Write(ctx, 200, body);
    }

    private static byte[] IndexJson(IEnumerable<ServedModel> models)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var m in models.OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("name", m.Name);
                w.WriteString("version", m.Version);
                w.WriteString("state", m.IsReady ? "READY" : "UNAVAILABLE");
                w.WriteString("reason", m.IsReady ? "" : m.LoadError);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static async Task<byte[]> ReadSmallBodyAsync(HttpContext ctx)
    {
        if (ctx.Request.ContentLength > MaxBody)
            throw new InferenceException(413, $"a repository index request is at most {MaxBody} bytes");
        using var memory = new MemoryStream();
        var chunk = new byte[1024];
        int read;
        while ((read = await ClientErrors.ReadBodyAsync(ctx.Request.Body, chunk, MaxBody, ctx.RequestAborted)) > 0)
        {
            memory.Write(chunk, 0, read);
            if (memory.Length > MaxBody)
                throw new InferenceException(413, $"a repository index request is at most {MaxBody} bytes");
        }
        return memory.ToArray();
    }

    private static bool ReadyOnly(byte[] body)
    {
        if (body.Length == 0)
            return false;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw InferenceException.BadRequest(
                    "a repository index request is a JSON object, e.g. {\"ready\": true}"
                );
            if (!doc.RootElement.TryGetProperty("ready", out var ready))
                return false;
            return ready.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw InferenceException.BadRequest("\"ready\" must be true or false"),
            };
        }
        catch (JsonException e)
        {
            throw InferenceException.BadRequest($"request body is not valid JSON: {e.Message}");
        }
    }

    private static Task Write(HttpContext ctx, int status, byte[] body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = body.Length;
        return ctx.Response.Body.WriteAsync(body).AsTask();
    }
}
