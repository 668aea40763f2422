using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using ModelRuntime.Serving;

namespace ModelRuntime.Typed;

/// <summary>
/// A <c>/v1/models/{name}:predict</c> body as instances: a raw <c>image/*</c> body (one instance), multipart
/// form-data (one instance, a part per input; a part's name is the input's), or KServe v1 JSON
/// <c>{"instances": [...]}</c>.
/// </summary>
public static class V1Request
{
    public static async Task<IReadOnlyList<Instance>> ParseAsync(
        string? contentType,
        byte[] body,
        int maxInstances,
        CancellationToken ct
    )
    {
        MediaTypeHeaderValue.TryParse(contentType, out var media);
        var type = media?.MediaType.Value?.ToLowerInvariant() ?? "";
        if (type.StartsWith("image/", StringComparison.Ordinal))
            return [Instance.Single(new ImageValue(body))];
        if (type == "multipart/form-data")
            return [await Multipart(media!, body, ct)];
        if (type is "" or "application/json" || type.EndsWith("+json", StringComparison.Ordinal))
            return Json(body, maxInstances);
        throw InferenceException.BadRequest(
            $"content type '{Echo.Of(contentType ?? "")}' is not accepted here; send an image (image/jpeg, image/png, ...), "
                + "multipart/form-data with a part per input, or application/json {\"instances\": [...]}"
        );
    }

    private static async Task<Instance> Multipart(MediaTypeHeaderValue media, byte[] body, CancellationToken ct)
    {
        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            throw InferenceException.BadRequest("multipart/form-data needs a boundary parameter in its Content-Type");
        var reader = new MultipartReader(boundary, new MemoryStream(body));
        var values = new Dictionary<string, InstanceValue>(StringComparer.Ordinal);
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                var name = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var d)
                    ? HeaderUtilities.RemoveQuotes(d.Name).Value ?? ""
                    : "";
                using var copy = new MemoryStream();
                await section.Body.CopyToAsync(copy, ct);
                var bytes = copy.ToArray();
                InstanceValue value =
                    section.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true
                        ? new JsonInstanceValue(JsonDocument.Parse(bytes).RootElement.Clone())
                        : new ImageValue(bytes);
                if (!values.TryAdd(name, value))
                    throw InferenceException.BadRequest($"multipart part '{Echo.Of(name)}' is given more than once");
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or JsonException)
        {
            throw InferenceException.BadRequest($"the multipart/form-data body cannot be read: {e.Message}");
        }
        if (values.Count == 0)
            throw InferenceException.BadRequest("the multipart/form-data body has no parts; send one part per input");
        return new Instance(values);
    }

    private static IReadOnlyList<Instance> Json(byte[] body, int maxInstances)
    {
        using (var document = Parse(body, "request body"))
        {
            if (
                document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("instances", out var instances)
                || instances.ValueKind != JsonValueKind.Array
            )
                throw InferenceException.BadRequest(
                    "request body must be {\"instances\": [...]}: one object per instance, keyed by input (or feature) name, "
                        + "images as {\"b64\": \"...\"}"
                );
            var count = instances.GetArrayLength();
            if (count == 0)
                throw InferenceException.BadRequest("\"instances\" is empty; send at least one instance");
            if (count > maxInstances)
                throw TypedErrors.TooManyInstances(count, maxInstances);
            return instances.EnumerateArray().Select(i => ToInstance(i.Clone())).ToArray();
        }
    }

    /// <summary>One instance given as JSON on its own (a line of a JSONL dataset): what one of "instances" means.</summary>
    public static Instance ParseInstance(ReadOnlyMemory<byte> json)
    {
        using var document = Parse(json, "the instance");
        return ToInstance(document.RootElement.Clone());
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> json, string what)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw InferenceException.BadRequest($"{what} is not valid JSON: {e.Message}");
        }
    }

    private static Instance ToInstance(JsonElement element)
    {
        if (IsImage(element, out var image))
            return Instance.Single(image!);
        if (element.ValueKind != JsonValueKind.Object)
            return Instance.Single(new JsonInstanceValue(element));
        var values = new Dictionary<string, InstanceValue>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
            values[property.Name] = IsImage(property.Value, out var img) ? img! : new JsonInstanceValue(property.Value);
        return new Instance(values);
    }

    private static bool IsImage(JsonElement element, out ImageValue? image)
    {
        image = null;
        if (
            element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("b64", out var b64)
            || element.EnumerateObject().Count() != 1
        )
            return false;
        if (b64.ValueKind != JsonValueKind.String || !b64.TryGetBytesFromBase64(out var bytes))
            throw InferenceException.BadRequest("\"b64\" must be a base64 string (the image file's bytes)");
        image = new ImageValue(bytes);
        return true;
    }
}
