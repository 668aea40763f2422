using ModelRuntime.OnnxRuntime;
using ModelRuntime.Typed;
using ModelSdk.ContractModel;
using ModelSdk.Onnx;
using Xunit.Abstractions;

namespace ModelRuntime.Tests.Typed;

/// <summary>The runtime's image tensor against cv2.dnn.blobFromImage(cv2.imdecode(same bytes)).</summary>
public class OpenCvPreprocessingTests(OpenCvImages images, ITestOutputHelper output) : IClassFixture<OpenCvImages>
{
    // In 8-bit levels (difference / scale factor). Lossless formats: the decoders agree and the resize is OpenCV's
    // own fixed-point arithmetic, so only float rounding is left. JPEG: both use libjpeg-turbo (equal here, 0 levels
    // measured); other builds of it may round the IDCT or chroma upsampling differently, hence 2 levels.
    private const double LosslessLevels = 0.01;
    private const double JpegLevels = 2;

    private static readonly string[] Pictures =
    [
        "wide.png",
        "tall.png",
        "square.png",
        "tiny.png",
        "strip.png",
        "double.png",
        "grid.bmp",
        "lossless.webp",
        "lossy.webp",
        "photo.jpg",
        "odd.jpg",
        "rotated.jpg",
    ];

    private sealed record Setting(
        int Width,
        int Height,
        double Scale,
        double[] Mean,
        bool Swap,
        bool Crop,
        bool Uint8,
        bool Nhwc
    );

    private static readonly Setting[] Settings =
    [
        new(224, 224, 1 / 127.5, [127.5, 127.5, 127.5], Swap: true, Crop: false, Uint8: false, Nhwc: false),
        new(224, 224, 0.017, [104, 117, 123], Swap: false, Crop: true, Uint8: false, Nhwc: false),
        new(160, 96, 1 / 255.0, [0, 0, 0], Swap: true, Crop: true, Uint8: false, Nhwc: true),
        new(100, 150, 1, [10, 20, 30], Swap: false, Crop: false, Uint8: false, Nhwc: true),
        new(224, 224, 1, [0, 0, 0], Swap: true, Crop: false, Uint8: true, Nhwc: false),
        new(128, 128, 1, [0, 0, 0], Swap: false, Crop: true, Uint8: true, Nhwc: true),
        new(99, 67, 0.5, [1, 2, 3], Swap: true, Crop: false, Uint8: false, Nhwc: false),
        new(102, 50, 2, [0, 0, 0], Swap: false, Crop: true, Uint8: false, Nhwc: true),
    ];

    [Fact]
    public void Image_tensors_equal_OpenCV_blobFromImage_within_the_stated_tolerance()
    {
        var cases = Pictures.SelectMany(p => Settings.Select(s => (Picture: p, Setting: s))).ToArray();
        var expected = images.Blobs(
            cases
                .Select(c => new OpenCvImages.BlobCase(
                    c.Picture,
                    c.Setting.Width,
                    c.Setting.Height,
                    c.Setting.Scale,
                    c.Setting.Mean,
                    c.Setting.Swap,
                    c.Setting.Crop,
                    c.Setting.Uint8
                ))
                .ToArray()
        );
        var failures = new List<string>();
        for (var i = 0; i < cases.Length; i++)
        {
            var (picture, s) = cases[i];
            var actual = Run(images.Bytes(picture), s);
            var levels = MaxDifference(expected[i], actual, s) / Math.Abs(s.Scale);
            var tolerance = picture.EndsWith(".jpg") ? JpegLevels : LosslessLevels;
            output.WriteLine($"{picture} {s}: max difference {levels:0.###} levels");
            if (levels > tolerance)
                failures.Add($"{picture} {s}: {levels} levels > {tolerance}");
        }
        Assert.Empty(failures);
    }

    [Fact]
    public void A_JPEG_with_EXIF_orientation_6_is_turned_upright()
    {
        // Stored 120x80 with Orientation = 6: shown (and given to the model) as 80x120, as cv2.imdecode does.
        using var image = ImageDecoder.Decode(images.Bytes("rotated.jpg"), "rotated.jpg");
        Assert.Equal((80, 120), (image.Width, image.Height));
    }

    private static float[] Run(byte[] bytes, Setting s)
    {
        long[] dims = s.Nhwc ? [1, -1, -1, 3] : [1, 3, -1, -1];
        var info = new TensorInfo(
            "image",
            true,
            s.Uint8 ? OnnxElementType.UInt8 : OnnxElementType.Float,
            dims,
            new string?[4]
        );
        var preprocessing = new PreprocessingDetails
        {
            InputWidth = s.Width,
            InputHeight = s.Height,
            Mean = s.Mean,
            ScaleFactor = s.Scale,
            SwapRB = s.Swap,
            Crop = s.Crop,
        };
        var layout = ImageInputLayout.Of(info, preprocessing)!;
        var (tensor, _) = ImagePipeline.Build(layout, preprocessing, [bytes], _ => "test image");
        Assert.Equal(layout.Shape(1, s.Height, s.Width), tensor.Shape);
        return ImageTensor.AsFloats(tensor);
    }

    // OpenCV's blob is NCHW; an NHWC tensor is compared element by element through the transpose.
    private static double MaxDifference(float[] nchw, float[] actual, Setting s)
    {
        Assert.Equal(nchw.Length, actual.Length);
        var plane = s.Width * s.Height;
        var max = 0.0;
        for (var c = 0; c < 3; c++)
        {
            for (var p = 0; p < plane; p++)
            {
                var mine = s.Nhwc ? actual[p * 3 + c] : actual[c * plane + p];
                max = Math.Max(max, Math.Abs(mine - nchw[c * plane + p]));
            }
        }
        return max;
    }
}
