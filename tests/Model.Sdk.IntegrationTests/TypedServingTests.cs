using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using ModelRuntime.Grpc.Inference;
using ModelRuntime.OnnxRuntime;
using ModelSdk.Onnx;
using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>
/// Typed inputs end to end: a project with an image classifier and a record model (features declared in its YAML
/// contract) built into an image, run by podman, asked with a raw JPEG body, multipart, v1 b64, v2 BYTES with a
/// content_type, gRPC BYTES with a content_type, and JSON records by feature name. The reference is ONNX Runtime
/// in-process over OpenCV's own decode and blobFromImage of the same JPEG (python3-opencv).
/// </summary>
[Collection(SdkFeedCollection.Name)]
public sealed class TypedServingTests(SdkFeed feed)
{
    private static readonly string[] Colours = ["red", "green", "blue", "bright-top"];

    [Fact]
    public async Task Photo_in_four_forms_and_records_by_feature_get_the_answers_of_opencv_and_onnx_runtime()
    {
        var project = ModelProject.Create(
            feed,
            "Typed",
            """
              <PropertyGroup>
                <Version>1.2.0</Version>
                <ModelInputSize>32x32</ModelInputSize>
                <ModelScaleFactor>0.00392156862745098</ModelScaleFactor>
                <ModelSwapRB>true</ModelSwapRB>
                <ModelCrop>true</ModelCrop>
                <ModelSoftmax>true</ModelSoftmax>
              </PropertyGroup>
              <ItemGroup>
                <Model Update="colours.onnx" Purpose="Classification" Labels="colours.txt" />
                <Model Update="iris.onnx" Purpose="Custom" Contract="iris.yaml" />
              </ItemGroup>
            """
        );
        ColourModel().Save(project.Path_("colours.onnx"));
        IrisModel().Save(project.Path_("iris.onnx"));
        project.Write("colours.txt", string.Join("\n", Colours) + "\n");
        project.Write(
            "iris.yaml",
            "inputs:\n  x:\n    features: [sepal_length, sepal_width, petal_length, petal_width]\n"
        );
        ProcessRunner
            .Run(
                "/usr/bin/python3",
                [
                    Path.Combine(RepoRoot.Path, "tests", "Model.Sdk.IntegrationTests", "typed_photo.py"),
                    project.Directory,
                ],
                project.Directory
            )
            .EnsureSuccess("typed_photo.py (needs Debian's python3-opencv: eng/install-deps.sh)");
        var jpeg = File.ReadAllBytes(project.Path_("photo.jpg"));
        var blob = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(project.Path_("blob.raw"))).ToArray();
        var logits = Run(project.Path_("colours.onnx"), "image", [1, 3, 32, 32], blob, "scores");
        var archive = Path.Combine(project.Directory, "image.tar");
        var build = project.Build($"-p:ContainerArchiveOutputPath={archive}");
        Assert.True(build.ExitCode == 0, build.Output);

        await using var container = await ServedContainer.StartAsync(archive, "typed:1.2.0", project.Directory);
        // The default base image holds libturbojpeg0: JPEGs decode with TurboJPEG there, not Skia's fallback.
        Assert.Contains("JPEG inputs decode with TurboJPEG", container.Logs());

        var b64 = Convert.ToBase64String(jpeg);
        var answers = new List<JsonNode>
        {
            await Predict(container, Image(jpeg)),
            await Predict(container, Multipart(jpeg)),
            await Predict(container, Json($$"""{"instances": [{"b64": "{{b64}}"}]}""")),
        };
        var probabilities = Softmax(logits);
        foreach (var answer in answers)
            AssertTopK(answer, probabilities);
        // v2 and gRPC answer the raw logits; both must be the logits of OpenCV's blob.
        var v2 = await container.InferAsync(
            "colours",
            JsonNode.Parse(
                $$"""{"inputs": [{"name": "image", "datatype": "BYTES", "shape": [1], "parameters": {"content_type": "image/jpeg"}, "data": ["{{b64}}"]}]}"""
            )!
        );
        AssertClose(logits, v2.Single().GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray());
        AssertClose(logits, await InferOverGrpc(container.GrpcPort, jpeg));

        var records = await Predict(
            container,
            Json(
                """{"instances": [{"petal_width": 0.2, "sepal_length": 5.1, "petal_length": 1.4, "sepal_width": 3.5}, {"sepal_length": 6.7, "sepal_width": 3.0, "petal_length": 5.2, "petal_width": 2.3}]}"""
            ),
            "iris"
        );
        float[] rows = [5.1f, 3.5f, 1.4f, 0.2f, 6.7f, 3.0f, 5.2f, 2.3f];
        var expected = Run(project.Path_("iris.onnx"), "x", [2, 4], rows, "y");
        var served = records.AsArray().SelectMany(p => p!["y"]!.AsArray().Select(v => v!.GetValue<float>())).ToArray();
        Assert.Equal(expected, served);
    }

    /// <summary>Top-k in order with OpenCV's labels; scores within 2e-3 (JPEG IDCT and rounding may differ by a level).</summary>
    private static void AssertTopK(JsonNode answer, double[] probabilities)
    {
        var order = Enumerable.Range(0, probabilities.Length).OrderByDescending(i => probabilities[i]).ToArray();
        var top = answer.AsArray();
        Assert.Equal(order.Length, top.Count);
        for (var k = 0; k < top.Count; k++)
        {
            Assert.Equal(Colours[order[k]], top[k]!["label"]!.GetValue<string>());
            Assert.Equal(order[k], top[k]!["index"]!.GetValue<int>());
            Assert.InRange(
                top[k]!["score"]!.GetValue<double>(),
                probabilities[order[k]] - 2e-3,
                probabilities[order[k]] + 2e-3
            );
        }
        Assert.Equal("red", top[0]!["label"]!.GetValue<string>());
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 2e-3, $"[{i}] {actual[i]} vs OpenCV's {expected[i]}");
    }

    private static async Task<JsonNode> Predict(
        ServedContainer container,
        HttpContent content,
        string model = "colours"
    )
    {
        var response = await container.Http.PostAsync($"/v1/models/{model}:predict", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var predictions = JsonNode.Parse(body)!["predictions"]!.AsArray();
        return model == "colours" ? Assert.Single(predictions)! : predictions;
    }

    private static async Task<float[]> InferOverGrpc(int port, byte[] jpeg)
    {
        using var http = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(20),
        };
        var input = new ModelInferRequest.Types.InferInputTensor
        {
            Name = "image",
            Datatype = "BYTES",
            Shape = { 1 },
        };
        input.Parameters["content_type"] = new InferParameter { StringParam = "image/jpeg" };
        var raw = new byte[4 + jpeg.Length];
        BinaryPrimitives.WriteInt32LittleEndian(raw, jpeg.Length);
        jpeg.CopyTo(raw, 4);
        var request = new ModelInferRequest
        {
            ModelName = "colours",
            Inputs = { input },
            RawInputContents = { ByteString.CopyFrom(raw) },
        };

        var (status, message, response) = await new GrpcClient(http).CallAsync<ModelInferResponse>(
            "ModelInfer",
            request
        );

        Assert.True(status == 0, message);
        return MemoryMarshal.Cast<byte, float>(response!.RawOutputContents[0].Span).ToArray();
    }

    private static ByteArrayContent Image(byte[] jpeg)
    {
        var content = new ByteArrayContent(jpeg);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return content;
    }

    private static MultipartFormDataContent Multipart(byte[] jpeg) => new() { { Image(jpeg), "image", "photo.jpg" } };

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static float[] Run(string model, string input, long[] shape, float[] data, string output)
    {
        using var session = new InferenceSession(model);
        return session.Run([new(input, Tensor.FromArray(shape, data))], [output])[0].ToArray<float>();
    }

    private static double[] Softmax(float[] logits)
    {
        var max = logits.Max();
        var e = logits.Select(v => Math.Exp(v - max)).ToArray();
        return e.Select(v => v / e.Sum()).ToArray();
    }

    /// <summary>
    /// image FP32 [n,3,h,w] (h, w symbolic: ModelInputSize) -> Flatten -> MatMul [3072,4] -> "scores": the mean of
    /// each channel (R, G, B after swapRB) and the top half's brightness minus the bottom half's.
    /// </summary>
    private static OnnxModelBuilder ColourModel()
    {
        var weights = new float[3072 * 4];
        for (var c = 0; c < 3; c++)
        for (var i = 0; i < 1024; i++)
        {
            weights[(c * 1024 + i) * 4 + c] = 1f / 1024;
            weights[(c * 1024 + i) * 4 + 3] = (i < 512 ? 1f : -1f) / 1536;
        }
        return new OnnxModelBuilder()
            .IrVersion(8)
            .Opset("", 13)
            .FloatInitializer("w", [3072, 4], weights)
            .Input("image", OnnxElementType.Float, OnnxType.Shape("n", 3, "h", "w"))
            .Node("Flatten", ["image"], ["flat"], ("axis", 1L))
            .Node("MatMul", ["flat", "w"], ["scores"])
            .Output("scores", OnnxElementType.Float, OnnxType.Shape("n", 4));
    }

    /// <summary>x FP32 [n,4] -> MatMul [4,3] -> "y" [n,3].</summary>
    private static OnnxModelBuilder IrisModel() =>
        new OnnxModelBuilder()
            .IrVersion(8)
            .Opset("", 13)
            .FloatInitializer("w", [4, 3], 0.5f, -1f, 0.25f, 1f, 0.5f, -0.5f, -2f, 0.75f, 1f, 0.125f, 3f, -1.5f)
            .Input("x", OnnxElementType.Float, OnnxType.Shape("n", 4))
            .Node("MatMul", ["x", "w"], ["y"])
            .Output("y", OnnxElementType.Float, OnnxType.Shape("n", 3));
}
