using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Tests.Support;
using ModelSdk.Testing;
using Xunit.Abstractions;

namespace ModelRuntime.Tests.Typed;

/// <summary>
/// A real published image classifier, PaddleOCR's text-direction model (eng/fetch-test-models.sh), served with
/// PaddleOCR's preprocessing, over text lines ImageMagick renders in several fonts and sizes, upright and turned
/// 180°, as PNG and JPEG (the pictures of samples/TextOrientation). The reference is ONNX Runtime over OpenCV's decode and blobFromImage of the same file.
/// </summary>
public class TextDirectionModelTests(OpenCvImages images, ITestOutputHelper output) : IClassFixture<OpenCvImages>
{
    // Softmax probabilities; one 8-bit level of JPEG decoding is far below this (TypedServingTests uses it too).
    private const double ScoreTolerance = 2e-3;

    // The right direction must win clearly, not by a coin toss. Measured: 0.79 to 1 for the right label (the
    // smallest margin 0.58, "Total: 12.50 EUR" upright in monospace JPEG).
    private const double Margin = 0.5;

    private static readonly string[] Labels = ["0", "180"];

    private sealed record Picture(string File, string ContentType, bool Turned);

    [TestModelFact(TestModels.TextDirection)]
    public async Task Upright_text_is_0_and_turned_text_180_with_the_scores_of_OpenCV_and_ONNX_Runtime()
    {
        var model = TestModels.Require(TestModels.TextDirection);
        var pictures = Render();
        var expected = Reference(model, pictures);
        using var factory = new RuntimeFactory(ContractFolder.Write(Served(model)));
        using var client = factory.CreateClient();

        var failures = new List<string>();
        for (var i = 0; i < pictures.Count; i++)
        {
            var picture = pictures[i];
            var content = new ByteArrayContent(images.Bytes(picture.File));
            content.Headers.ContentType = new MediaTypeHeaderValue(picture.ContentType);
            var top = Assert.Single(await Predict(client, content))!.AsArray();
            output.WriteLine($"{picture.File}: {top.ToJsonString()} (ONNX Runtime: {string.Join(", ", expected[i])})");
            failures.AddRange(Check(picture, top, expected[i]));
        }
        Assert.Empty(failures);

        // The same pictures as one v1 batch answer the same.
        var batch = string.Join(
            ", ",
            pictures.Take(3).Select(p => $$"""{"b64": "{{Convert.ToBase64String(images.Bytes(p.File))}}"}""")
        );
        var batched = await Predict(
            client,
            new StringContent($$"""{"instances": [{{batch}}]}""", Encoding.UTF8, "application/json")
        );
        for (var i = 0; i < 3; i++)
            Assert.Empty(Check(pictures[i], batched[i]!.AsArray(), expected[i]));
    }

    private static IEnumerable<string> Check(Picture picture, JsonArray top, float[] expected)
    {
        var right = picture.Turned ? 1 : 0;
        if (top.Count != 2 || (string?)top[0]!["label"] != Labels[right] || (int)top[0]!["index"]! != right)
            yield return $"{picture.File}: expected label {Labels[right]} first, got {top.ToJsonString()}";
        else if ((double)top[0]!["score"]! - (double)top[1]!["score"]! < Margin)
            yield return $"{picture.File}: margin under {Margin}: {top.ToJsonString()}";
        foreach (var entry in top)
        {
            var index = (int)entry!["index"]!;
            if (Math.Abs((double)entry["score"]! - expected[index]) > ScoreTolerance)
                yield return $"{picture.File}: score of {Labels[index]} {entry["score"]} vs {expected[index]}";
        }
    }

    /// <summary>
    /// The pictures samples/TextOrientation/make-images.sh renders now ("text/") and the ones committed in the
    /// sample's images/ ("committed/"): short text lines in three fonts at three 4:1 sizes (ImageMagick fits the
    /// point size to the line), upright ("name-0") and turned 180° ("name-180"), as grey PNG and JPEG (quality 90).
    /// </summary>
    private IReadOnlyList<Picture> Render()
    {
        var sample = Path.Combine(RepoRoot.Path, "samples", "TextOrientation");
        var rendered = Path.Combine(images.Folder, "text");
        ProcessRunner
            .Run(Path.Combine(sample, "make-images.sh"), [rendered], images.Folder, timeout: TimeSpan.FromMinutes(2))
            .EnsureSuccess("make-images.sh (ImageMagick's convert and fonts-dejavu-core: eng/install-deps.sh)");
        var committed = Directory.CreateDirectory(Path.Combine(images.Folder, "committed")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(sample, "images")))
            File.Copy(file, Path.Combine(committed, Path.GetFileName(file)), overwrite: true);
        var pictures = new[] { rendered, committed }
            .SelectMany(folder => Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            .Select(file => new Picture(
                Path.GetRelativePath(images.Folder, file),
                file.EndsWith(".png") ? "image/png" : "image/jpeg",
                Path.GetFileNameWithoutExtension(file).EndsWith("-180")
            ))
            .ToArray();
        Assert.Equal(32, pictures.Length);
        Assert.Equal(16, pictures.Count(p => p.Turned));
        return pictures;
    }

    /// <summary>ONNX Runtime's probabilities over cv2.dnn.blobFromImage(img, 1/127.5, (192, 48), 127.5).</summary>
    private List<float[]> Reference(string model, IReadOnlyList<Picture> pictures)
    {
        var blobs = images.Blobs(
            pictures
                .Select(p => new OpenCvImages.BlobCase(
                    p.File,
                    192,
                    48,
                    1 / 127.5,
                    [127.5, 127.5, 127.5],
                    false,
                    false,
                    false
                ))
                .ToArray()
        );
        using var session = new InferenceSession(model);
        return blobs
            .Select(blob =>
                session
                    .Run([new("x", Tensor.FromArray([1, 3, 48, 192], blob))], ["softmax_0.tmp_0"])[0]
                    .ToArray<float>()
            )
            .ToList();
    }

    /// <summary>The model as samples/TextOrientation declares it (its output is already a softmax).</summary>
    private static TestModel Served(string model) =>
        new(
            "textdir",
            File.ReadAllBytes(model),
            Labels: Labels,
            Details: new JsonObject
            {
                ["purpose"] = "Classification",
                ["preprocessing"] = new JsonObject
                {
                    ["inputWidth"] = 192,
                    ["inputHeight"] = 48,
                    ["mean"] = new JsonArray(127.5, 127.5, 127.5),
                    ["scaleFactor"] = 1 / 127.5,
                },
            }
        );

    private static async Task<JsonArray> Predict(HttpClient client, HttpContent content)
    {
        using var response = await client.PostAsync("/v1/models/textdir:predict", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["predictions"]!.AsArray();
    }
}
