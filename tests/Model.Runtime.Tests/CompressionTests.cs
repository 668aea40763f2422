using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ModelRuntime.Tests.Support;

namespace ModelRuntime.Tests;

public class CompressionTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly HttpClient _client = server.Client;

    private static byte[] Gzip(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Optimal))
            gzip.Write(bytes);
        return memory.ToArray();
    }

    private static byte[] Gunzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress))
            gzip.CopyTo(output);
        return output.ToArray();
    }

    private async Task<HttpResponseMessage> PostGzip(byte[] body, bool acceptGzip = false)
    {
        var content = new ByteArrayContent(Gzip(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/classifier/infer")
        {
            Content = content,
        };
        if (acceptGzip)
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        return await _client.SendAsync(request);
    }

    [Fact]
    public async Task A_gzip_request_is_answered_like_the_plain_one_and_gzip_is_sent_when_asked()
    {
        var json = RestApiTests.Request("input", "FP32", [1, 4], "[1,2,3,4]");
        var (_, plain) = await _client.PostJson("/v2/models/classifier/infer", json);

        using var response = await PostGzip(Encoding.UTF8.GetBytes(json), acceptGzip: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        var body = Gunzip(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(plain!.ToJsonString(), JsonNode.Parse(body)!.ToJsonString());
    }

    [Fact]
    public async Task A_gzip_bomb_is_413_by_its_decompressed_size()
    {
        // 1 MB is the fixture's body limit; 50 MB of zeros compress to about 50 KB.
        var bomb = new byte[50_000_000];

        using var response = await PostGzip(bomb);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("MODEL_MAX_REQUEST_BYTES", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bad_gzip_is_400_and_an_unknown_encoding_is_415()
    {
        var content = new ByteArrayContent("not gzip at all"u8.ToArray());
        content.Headers.ContentEncoding.Add("gzip");
        using var bad = await _client.PostAsync("/v2/models/classifier/infer", content);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("not valid gzip", await bad.Content.ReadAsStringAsync());

        var brotli = new ByteArrayContent("{}"u8.ToArray());
        brotli.Headers.ContentEncoding.Add("br");
        using var unsupported = await _client.PostAsync("/v2/models/classifier/infer", brotli);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
    }

    [Fact]
    public async Task A_binary_response_compresses_and_keeps_its_header_length()
    {
        var header = new JsonObject
        {
            ["inputs"] = new JsonArray(
                new JsonObject
                {
                    ["name"] = "input",
                    ["datatype"] = "FP32",
                    ["shape"] = new JsonArray(1, 4),
                    ["parameters"] = new JsonObject { ["binary_data_size"] = 16 },
                }
            ),
            ["parameters"] = new JsonObject { ["binary_data_output"] = true },
        };
        var body = BinaryBody.Build(header, new byte[16]);
        var content = new ByteArrayContent(Gzip(body));
        content.Headers.ContentEncoding.Add("gzip");
        content.Headers.Add(BinaryBody.HeaderLength, (body.Length - 16).ToString());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/classifier/infer")
        {
            Content = content,
        };
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = Gunzip(await response.Content.ReadAsByteArrayAsync());
        var length = int.Parse(response.Headers.GetValues(BinaryBody.HeaderLength).Single());
        var json = JsonNode.Parse(bytes.AsSpan(0, length))!;
        Assert.Equal(12, json["outputs"]![0]!["parameters"]!["binary_data_size"]!.GetValue<int>());
        Assert.Equal(length + 12, bytes.Length);
    }
}
