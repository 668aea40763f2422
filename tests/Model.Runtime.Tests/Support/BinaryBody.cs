using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ModelRuntime.Tests.Support;

/// <summary>Builds and splits bodies of the binary tensor data extension (JSON header, then raw tensor bytes).</summary>
internal static class BinaryBody
{
    public const string HeaderLength = "Inference-Header-Content-Length";

    public static byte[] Build(JsonNode header, params byte[][] binary)
    {
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        return [.. json, .. binary.SelectMany(b => b)];
    }

    public static async Task<HttpResponseMessage> PostAsync(
        this HttpClient client,
        string path,
        JsonNode header,
        params byte[][] binary
    )
    {
        var body = Build(header, binary);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add(HeaderLength, (body.Length - binary.Sum(b => b.Length)).ToString());
        return await client.PostAsync(path, content);
    }

    /// <summary>The response's JSON header and the bytes after it.</summary>
    public static async Task<(JsonNode Header, byte[] Binary)> SplitAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        var length = int.Parse(response.Headers.GetValues(HeaderLength).Single());
        return (JsonNode.Parse(body.AsSpan(0, length))!, body[length..]);
    }

    /// <summary>BYTES elements as the extension lays them out: 4-byte little-endian length, then the bytes.</summary>
    public static byte[] Strings(params byte[][] elements)
    {
        var result = new List<byte>();
        foreach (var e in elements)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, e.Length);
            result.AddRange(length);
            result.AddRange(e);
        }
        return [.. result];
    }
}
