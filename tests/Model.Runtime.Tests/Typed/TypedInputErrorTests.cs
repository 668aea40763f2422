using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using SkiaSharp;

namespace ModelRuntime.Tests.Typed;

/// <summary>Every refused typed request is a 400 that says what was expected and what came.</summary>
public class TypedInputErrorTests(TypedInputFixture server) : IClassFixture<TypedInputFixture>
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task Bytes_that_are_not_an_image()
    {
        var error = await Refused("pixels", Body("hello, not a picture"u8.ToArray(), "image/png"));
        Assert.Contains("is not an image", error);
        Assert.Contains("JPEG, PNG, BMP, GIF or WebP", error);
    }

    [Fact]
    public async Task An_image_format_the_server_cannot_decode()
    {
        byte[] tiff = [0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, 0, 0, 0, 0];
        var error = await Refused("pixels", Body(tiff, "image/tiff"));
        Assert.Contains("TIFF image, a format this server cannot decode", error);
    }

    [Fact]
    public async Task A_truncated_image()
    {
        var png = TestPictures.Encode(64, 64, SKEncodedImageFormat.Png);
        var error = await Refused("pixels", Body(png[..(png.Length / 2)], "image/png"));
        Assert.Contains("PNG", error);
        Assert.Contains("truncated or corrupt", error);
    }

    [Fact]
    public async Task An_image_for_a_model_without_an_image_input()
    {
        var png = TestPictures.Encode(8, 8, SKEncodedImageFormat.Png);
        var error = await Refused("records", Body(png, "image/png"));
        Assert.Contains("takes no image input", error);
        Assert.Contains("x [-1,3]", error);
    }

    [Fact]
    public async Task A_record_missing_a_feature()
    {
        var error = await Refused("records", TypedInputTests.Json("""{"instances": [{"a": 1, "c": 3}]}"""));
        Assert.Contains("lacks feature 'b' of input 'x'", error);
        Assert.Contains("a, b, c", error);
    }

    [Fact]
    public async Task A_record_value_of_the_wrong_type()
    {
        var error = await Refused("records", TypedInputTests.Json("""{"instances": [{"a": 1, "b": "two", "c": 3}]}"""));
        Assert.Contains("input 'x' takes numbers (FP32) but a value is the string \"two\"", error);
        error = await Refused("text", TypedInputTests.Json("""{"instances": [5]}"""));
        Assert.Contains("input 's' takes strings (BYTES) but a value is number 5", error);
    }

    [Fact]
    public async Task Too_many_instances()
    {
        var error = await Refused(
            "records",
            TypedInputTests.Json("""{"instances": [[1,2,3],[1,2,3],[1,2,3],[1,2,3]]}""")
        );
        Assert.Contains($"4 instances; at most {TypedInputFixture.MaxInstances}", error);
        Assert.Contains("MODEL_MAX_INSTANCES", error);
    }

    [Fact]
    public async Task A_v2_image_input_that_is_not_BYTES_or_not_base64()
    {
        var error = await Refused(
            "pixels",
            TypedInputTests.Json(
                """{"inputs": [{"name": "image", "datatype": "FP32", "shape": [1], "parameters": {"content_type": "image/png"}, "data": [1]}]}"""
            ),
            "/v2/models/pixels/infer"
        );
        Assert.Contains("datatype must be BYTES", error);
        error = await Refused(
            "pixels",
            TypedInputTests.Json(
                """{"inputs": [{"name": "image", "datatype": "BYTES", "shape": [1], "parameters": {"content_type": "image/png"}, "data": ["%%%"]}]}"""
            ),
            "/v2/models/pixels/infer"
        );
        Assert.Contains("is not base64", error);
    }

    private static ByteArrayContent Body(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    private async Task<string> Refused(string model, HttpContent content, string? path = null)
    {
        var response = await _client.PostAsync(path ?? $"/v1/models/{model}:predict", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["error"]!.GetValue<string>();
    }
}
