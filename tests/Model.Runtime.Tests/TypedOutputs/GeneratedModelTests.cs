using System.Text.Json.Nodes;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Serving;
using ModelRuntime.Tests.Support;
using ModelRuntime.Typed;
using ModelRuntime.Typed.Outputs;
using ModelSdk.Onnx;
using ModelSdk.Testing;
using static ModelRuntime.Tests.TypedOutputs.Outputs;

namespace ModelRuntime.Tests.TypedOutputs;

/// <summary>The formatters over real ONNX Runtime outputs of the eng/ModelGen vision models, whose answers are known.</summary>
public sealed class GeneratedModelTests
{
    /// <summary>A 128x64 image resized to the detectors' 64x64 input: x halves, y stays.</summary>
    private static readonly ImageGeometry Resized = new(128, 64, 64, 64, 0.5, 1, 0, 0);

    /// <summary>The same image, scaled by 1 and centre-cropped: 32 pixels cut off on the left.</summary>
    private static readonly ImageGeometry Cropped = new(128, 64, 64, 64, 1, 1, 32, 0);

    internal static IReadOnlyList<OutputTensor> Run(byte[] onnx, Tensor image)
    {
        using var session = new InferenceSession(TestOnnx.WriteTemp(onnx));
        var names = session.Outputs.Select(o => o.Name).ToArray();
        var tensors = session.Run([new("image", image)], names);
        return names
            .Select((n, i) => new OutputTensor(n, OnnxDatatypes.ToOip(tensors[i].ElementType)!, tensors[i]))
            .ToArray();
    }

    private static Tensor Zeros(int batch, int height, int width) =>
        Tensor.FromArray([batch, 3, height, width], new float[batch * 3 * height * width]);

    [Theory]
    [InlineData(false, 25.6f, 76.8f)]
    [InlineData(true, 44.8f, 70.4f)]
    public void Ssd_detector_boxes_after_nms_are_known_for_every_instance(bool crop, float x1, float x2)
    {
        var outputs = Run(VisionModels.SsdDetector().ToBytes(), Zeros(2, 64, 64));
        var profile = Profile("ObjectDetection", "ssd", "background", "cat", "dog", "bird");

        for (var instance = 0; instance < 2; instance++)
        {
            var result = PredictionFormatter.Format(profile, outputs, instance, crop ? Cropped : Resized).AsArray();
            Assert.Equal([("cat", 1, 0.9f), ("dog", 2, 0.7f)], Entries(result));
            Assert.Equal([x1, 6.4f, x2, 32f], Box(result[0]!));
            Assert.Equal([x1, 6.4f, x2, 34.56f], Box(result[1]!));
        }
    }

    public static TheoryData<string> YoloModels => ["v8", "v5"];

    [Theory]
    [MemberData(nameof(YoloModels))]
    public void Yolo_detector_boxes_after_nms_are_known(string version)
    {
        var model = version == "v8" ? VisionModels.Yolov8Detector() : VisionModels.Yolov5Detector();
        var outputs = Run(model.ToBytes(), Zeros(1, 64, 64));

        foreach (var labels in new[] { Array.Empty<string>(), ["person", "car"] })
        {
            var profile = Profile("ObjectDetection", "yolo", labels);
            var result = PredictionFormatter.Format(profile, outputs, 0, Cropped).AsArray();
            Assert.Equal(
                [(labels.ElementAtOrDefault(0), 0, 0.9f), (labels.ElementAtOrDefault(1), 1, 0.6f)],
                Entries(result)
            );
            Assert.Equal([44f, 14f, 60f, 34f], Box(result[0]!));
            Assert.Equal([45f, 14f, 61f, 34f], Box(result[1]!));
        }
    }

    [Fact]
    public void Yolo_thresholds_come_from_the_profile()
    {
        var outputs = Run(VisionModels.Yolov8Detector().ToBytes(), Zeros(1, 64, 64));
        var profile = Profile("ObjectDetection", "yolo") with { ScoreThreshold = 0.15, NmsThreshold = 0.9 };

        var result = PredictionFormatter.Format(profile, outputs, 0, null).AsArray();

        // Every box now: the 0.88 overlap is under 0.9, and box 3 (0.2) passes 0.15. Input pixels, no geometry.
        Assert.Equal([0.9f, 0.8f, 0.6f, 0.2f], Entries(result).Select(e => e.Score));
        Assert.Equal([45f, 45f, 55f, 55f], Box(result[3]!));
    }

    [Theory]
    [InlineData("nchw")]
    [InlineData("nhwc")]
    [InlineData("argmax")]
    public void Segmenter_map_is_known_in_every_layout_and_scaled_to_the_original(string layout)
    {
        var outputs = Run(VisionModels.Segmenter(layout).ToBytes(), Zeros(1, 8, 8));
        var profile = Profile("SemanticSegmentation", null, "sky", "road", "car");
        // 16x16 original resized to the 8x8 input; the 4x4 map becomes 4x4 blocks.
        var geometry = new ImageGeometry(16, 16, 8, 8, 0.5, 0.5, 0, 0);

        var result = PredictionFormatter.Format(profile, outputs, 0, geometry);

        var (w, h, _, pixels) = PngPython.Decode(Convert.FromBase64String((string)result["png"]!));
        Assert.Equal((16, 16), (w, h));
        for (var y = 0; y < 16; y++)
        for (var x = 0; x < 16; x++)
        {
            var color = Palette.Voc(VisionModels.SegmentationMap[y / 4 * 4 + x / 4]);
            Assert.Equal([color.R, color.G, color.B], pixels[((y * 16 + x) * 3)..((y * 16 + x) * 3 + 3)]);
        }
        Assert.Equal(
            """[{"label":"car","index":2,"share":0.4375},{"label":"sky","index":0,"share":0.3125},{"label":"road","index":1,"share":0.25}]""",
            result["classes"]!.ToJsonString()
        );
    }

    [Fact]
    public void Image_identity_gives_back_the_image_at_its_original_size()
    {
        // A 6x4 BGR image as blobFromImage makes it with scale 1/255, mean 0, no swap.
        var (width, height) = (6, 4);
        var bgr = Enumerable.Range(0, width * height * 3).Select(i => (byte)(i * 11 % 256)).ToArray();
        var blob = new float[3 * width * height];
        for (var c = 0; c < 3; c++)
        for (var p = 0; p < width * height; p++)
            blob[c * width * height + p] = bgr[p * 3 + c] / 255f;
        var outputs = Run(VisionModels.ImageIdentity().ToBytes(), Tensor.FromArray([1, 3, height, width], blob));
        var profile = Profile("ImageToImage") with { ScaleFactor = 1 / 255.0 };
        var geometry = new ImageGeometry(12, 8, 6, 4, 0.5, 0.5, 0, 0);

        var png = PredictionFormatter.FormatPng(profile, outputs, 0, geometry)!;

        var (w, h, channels, rgb) = PngPython.Decode(png);
        Assert.Equal((12, 8, 3), (w, h, channels));
        for (var y = 0; y < 8; y++)
        for (var x = 0; x < 12; x++)
        {
            var source = (y / 2 * width + x / 2) * 3;
            Assert.Equal(
                [bgr[source + 2], bgr[source + 1], bgr[source]],
                rgb[((y * 12 + x) * 3)..((y * 12 + x) * 3 + 3)]
            );
        }
        Assert.Equal(
            png,
            Convert.FromBase64String((string)PredictionFormatter.Format(profile, outputs, 0, geometry)["png"]!)
        );
    }
}
