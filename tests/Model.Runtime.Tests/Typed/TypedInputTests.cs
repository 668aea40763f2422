using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ModelRuntime.Typed;
using ModelSdk.ContractModel;
using SkiaSharp;

namespace ModelRuntime.Tests.Typed;

public class TypedInputTests(TypedInputFixture server) : IClassFixture<TypedInputFixture>
{
    private readonly HttpClient _client = server.Client;

    private static readonly PreprocessingDetails Pixels = new()
    {
        InputWidth = 8,
        InputHeight = 6,
        Mean = [1, 2, 3],
        ScaleFactor = 0.5,
        SwapRB = true,
        Crop = true,
    };

    [Theory]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public async Task Raw_body_multipart_v1_b64_and_v2_BYTES_give_the_same_tensor(SKEncodedImageFormat format)
    {
        var image = TestPictures.Encode(40, 23, format);
        var type = $"image/{format.ToString().ToLowerInvariant()}";
        var expected = Expected(image);

        var raw = new ByteArrayContent(image);
        raw.Headers.ContentType = new MediaTypeHeaderValue(type);
        var fromRaw = await PredictOne(raw);

        var multipart = new MultipartFormDataContent();
        var part = new ByteArrayContent(image);
        part.Headers.ContentType = new MediaTypeHeaderValue(type);
        multipart.Add(part, "photo", "photo.bin");
        var fromMultipart = await PredictOne(multipart);

        var b64 = Convert.ToBase64String(image);
        var fromV1 = await PredictOne(Json($$"""{"instances": [{"b64": "{{b64}}"}]}"""));
        var fromV1Named = await PredictOne(Json("{\"instances\": [{\"image\": {\"b64\": \"" + b64 + "\"}}]}"));

        var v2 = await _client.PostAsync(
            "/v2/models/pixels/infer",
            Json(
                $$"""{"inputs": [{"name": "image", "datatype": "BYTES", "shape": [1], "parameters": {"content_type": "{{type}}"}, "data": ["{{b64}}"]}]}"""
            )
        );
        var v2Body = JsonNode.Parse(await v2.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, v2.StatusCode);
        Assert.Equal("[1,3,6,8]", v2Body["outputs"]![0]!["shape"]!.ToJsonString());
        var fromV2 = v2Body["outputs"]![0]!["data"]!.AsArray().Select(n => n!.GetValue<float>()).ToArray();

        foreach (var actual in new[] { fromRaw, fromMultipart, fromV1, fromV1Named, fromV2 })
            Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Several_instances_are_a_batch_and_a_batch_of_one_model_runs_them_one_by_one()
    {
        var a = TestPictures.Encode(30, 30, SKEncodedImageFormat.Png, seed: 1);
        var b = TestPictures.Encode(12, 50, SKEncodedImageFormat.Png, seed: 2);
        var body =
            $$"""{"instances": [{"b64": "{{Convert.ToBase64String(a)}}"}, {"b64": "{{Convert.ToBase64String(b)}}"}]}""";

        var pixels = await Predict("pixels", Json(body));
        Assert.Equal(2, pixels.Count);
        Assert.Equal(Expected(a), Flatten(pixels[0]!["out"]!));
        Assert.Equal(Expected(b), Flatten(pixels[1]!["out"]!));

        var nhwc = await Predict("nhwc", Json(body));
        Assert.Equal(2, nhwc.Count);
        // UINT8 NHWC, no preprocessing: the image resized to the model's fixed 5x4, B, G, R bytes per pixel.
        using var decoded = ImageDecoder.Decode(a, "a");
        var resized = LinearResize.Resize(decoded.Bgr, 30, 30, 5, 4, 5 / 30.0, 4 / 30.0);
        Assert.Equal(resized.Select(v => (float)v).ToArray(), Flatten(nhwc[0]!["out"]!));
    }

    [Fact]
    public async Task Records_by_input_name_or_by_feature_columns_in_any_order()
    {
        var byName = await Predict("records", Json("""{"instances": [{"x": [1, 2, 3]}, {"x": [4, 5.5, 6]}]}"""));
        var byFeatures = await Predict(
            "records",
            Json("""{"instances": [{"c": 3, "a": 1, "b": 2}, {"b": 5.5, "a": 4, "c": 6}]}""")
        );
        var bare = await Predict("records", Json("""{"instances": [[1, 2, 3], [4, 5.5, 6]]}"""));
        foreach (var answer in new[] { byName, byFeatures, bare })
        {
            Assert.Equal("[1,2,3]", answer[0]!["out"]!.ToJsonString());
            Assert.Equal("[4,5.5,6]", answer[1]!["out"]!.ToJsonString());
        }
        var text = await Predict("text", Json("""{"instances": ["héllo", "world"]}"""));
        Assert.Equal(
            "\"héllo\"",
            text[0]!["out"]!.ToJsonString(
                new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }
            )
        );
        Assert.Equal("\"world\"", text[1]!["out"]!.ToJsonString());
    }

    [Fact]
    public void Gif_first_frame_is_decoded_exactly()
    {
        var frame0 = Enumerable.Range(0, 7 * 5).Select(i => (byte)(i * 7)).ToArray();
        var frame1 = Enumerable.Repeat((byte)9, 7 * 5).ToArray();
        using var decoded = ImageDecoder.Decode(TestPictures.Gif(7, 5, frame0, frame1), "gif");
        Assert.Equal((7, 5), (decoded.Width, decoded.Height));
        var expected = frame0.SelectMany(i => new[] { (byte)(i / 2), (byte)(255 - i), i }).ToArray();
        Assert.Equal(expected, decoded.Bgr.ToArray());
    }

    [Fact]
    public void Exif_orientation_6_turns_the_image_upright()
    {
        // 3x2 stored pixels; orientation 6 (rotate 90° clockwise to display): upright is 2x3.
        var stored = new byte[3 * 2 * 4];
        for (var i = 0; i < 6; i++)
            stored[i * 4 + 2] = (byte)(10 * (i + 1)); // BGRA: red = 10..60, row-major
        using var upright = ExifOrientation.Apply(stored, 3, 2, 6);
        Assert.Equal((2, 3), (upright.Width, upright.Height));
        // Displayed row 0 is the stored first column read bottom-up: stored (0,1)=40 then (0,0)=10.
        Assert.Equal(
            new byte[] { 40, 10, 50, 20, 60, 30 },
            upright.Bgr.ToArray().Where((_, i) => i % 3 == 2).ToArray()
        );
    }

    internal static float[] Expected(byte[] image)
    {
        var info = new ModelRuntime.OnnxRuntime.TensorInfo(
            "image",
            true,
            ModelSdk.Onnx.OnnxElementType.Float,
            [-1, 3, -1, -1],
            new string?[4]
        );
        var (tensor, _) = ImagePipeline.Build(ImageInputLayout.Of(info, Pixels)!, Pixels, [image], _ => "image");
        return ImageTensor.AsFloats(tensor);
    }

    private async Task<float[]> PredictOne(HttpContent content) =>
        Flatten((await Predict("pixels", content))[0]!["out"]!);

    private async Task<JsonArray> Predict(string model, HttpContent content)
    {
        var response = await _client.PostAsync($"/v1/models/{model}:predict", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!["predictions"]!.AsArray();
    }

    internal static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static float[] Flatten(JsonNode node) =>
        node is JsonArray array ? array.SelectMany(n => Flatten(n!)).ToArray() : [node.GetValue<float>()];
}

public class TypedClassifierTests
{
    [Fact]
    public async Task A_JPEG_sent_to_an_image_classifier_gets_labelled_predictions()
    {
        // Mean colour per channel (GlobalAveragePool + Flatten): with B, G, R order the reddest picture is "red".
        var onnx = ModelRuntime.Tests.Support.TestOnnx.Model(
            [
                new ModelRuntime.Tests.Support.NodeSpec("GlobalAveragePool", ["image"], ["pooled"]),
                new ModelRuntime.Tests.Support.NodeSpec("Flatten", ["pooled"], ["scores"]),
            ],
            [new ModelRuntime.Tests.Support.ValueSpec("image", ModelSdk.Onnx.OnnxElementType.Float, "n", 3L, "h", "w")],
            [new ModelRuntime.Tests.Support.ValueSpec("scores", ModelSdk.Onnx.OnnxElementType.Float, "n", 3L)]
        );
        var details = new JsonObject
        {
            ["preprocessing"] = new JsonObject
            {
                ["inputWidth"] = 16,
                ["inputHeight"] = 16,
                ["scaleFactor"] = 1 / 255.0,
            },
        };
        using var factory = new ModelRuntime.Tests.Support.RuntimeFactory(
            ModelRuntime.Tests.Support.ContractFolder.Write(
                new ModelRuntime.Tests.Support.TestModel(
                    "colours",
                    onnx,
                    Labels: ["blue", "green", "red"],
                    Details: details
                )
            )
        );
        using var client = factory.CreateClient();
        using var bitmap = new SKBitmap(40, 30);
        bitmap.Erase(new SKColor(230, 40, 20));
        var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95).ToArray();
        var content = new ByteArrayContent(jpeg);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");

        var response = await client.PostAsync("/v1/models/colours:predict", content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var top = JsonNode.Parse(text)!["predictions"]![0]![0]!;
        Assert.Equal("red", top["label"]!.GetValue<string>());
        Assert.Equal(2, top["index"]!.GetValue<int>());
        Assert.InRange(top["score"]!.GetValue<double>(), 0.85, 0.95);
    }
}
