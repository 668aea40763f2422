using ModelRuntime.OnnxRuntime;
using ModelRuntime.Typed;
using ModelSdk.ContractModel;
using ModelSdk.Onnx;
using Xunit.Abstractions;

namespace ModelRuntime.Tests.Typed;

/// <summary>
/// ModelImageDecode=Reduced against OpenCV: cv2.dnn.blobFromImage(cv2.imdecode(bytes, IMREAD_REDUCED_COLOR_N)) with
/// N chosen by the rule (the largest of 8, 4, 2 whose upright decode still covers the network size; 1 otherwise and
/// for formats other than JPEG), and the geometry still in the pixels of the image as sent.
/// </summary>
public class ReducedDecodeTests(OpenCvImages images, ITestOutputHelper output) : IClassFixture<OpenCvImages>
{
    // 8-bit levels, as OpenCvPreprocessingTests: both sides use libjpeg-turbo's scaled IDCT (0 measured here).
    private const double JpegLevels = 2;

    public sealed record Case(string Picture, int Width, int Height, bool Crop, int N);

    private static readonly Case[] Cases =
    [
        new("r640.jpg", 224, 224, Crop: true, N: 2),
        new("r640.jpg", 224, 224, Crop: false, N: 2),
        new("r1920.jpg", 224, 224, Crop: true, N: 4),
        new("r1920.jpg", 300, 300, Crop: false, N: 2),
        new("r4032.jpg", 224, 224, Crop: true, N: 8),
        new("r4032.jpg", 640, 480, Crop: false, N: 4),
        new("r300.jpg", 224, 224, Crop: true, N: 1),
        new("r1001.jpg", 100, 90, Crop: false, N: 8), // 1/8 of 1001x753 is 126x95: libjpeg rounds up
        new("r1001.jpg", 126, 95, Crop: true, N: 8),
        new("r1001.jpg", 127, 95, Crop: true, N: 4),
        // Stored 1280x640 with EXIF orientation 6, upright 640x1280: 1/4 would be 160 wide (< 320) upright.
        new("rrot.jpg", 320, 160, Crop: true, N: 2),
        new("r640.png", 224, 224, Crop: true, N: 1), // not a JPEG: decoded at full size
    ];

    [Fact]
    public void Reduced_tensors_equal_OpenCV_IMREAD_REDUCED_COLOR_N_within_the_stated_tolerance()
    {
        var expected = images.Blobs(
            Cases
                .Select(c => new OpenCvImages.BlobCase(
                    c.Picture,
                    c.Width,
                    c.Height,
                    1 / 58.4,
                    [123.675, 116.28, 103.53],
                    true,
                    c.Crop,
                    false,
                    c.N
                ))
                .ToArray()
        );
        var failures = new List<string>();
        for (var i = 0; i < Cases.Length; i++)
        {
            var c = Cases[i];
            var bytes = images.Bytes(c.Picture);
            using (var decoded = ImageDecoder.Decode(bytes, c.Picture, (c.Width, c.Height)))
            {
                Assert.Equal((c.Picture, c.N), (c.Picture, decoded.Reduction));
                Assert.Equal(images.DecodedSize(i), (decoded.Width, decoded.Height));
            }
            var levels = MaxDifference(expected[i], Run(bytes, c).Tensor) * 58.4;
            output.WriteLine($"{c}: max difference {levels:0.###} levels");
            if (levels > JpegLevels)
                failures.Add($"{c}: {levels} levels > {JpegLevels}");
        }
        Assert.Empty(failures);
    }

    [Fact]
    public void Without_Reduced_a_JPEG_is_decoded_at_full_size()
    {
        using var full = ImageDecoder.Decode(images.Bytes("r1920.jpg"), "r1920.jpg");
        Assert.Equal((1920, 1080, 1), (full.Width, full.Height, full.Reduction));
        var exact = Run(images.Bytes("r1920.jpg"), new Case("r1920.jpg", 224, 224, true, 1), reduced: false);
        var expected = images.Blobs([
            new("r1920.jpg", 224, 224, 1 / 58.4, [123.675, 116.28, 103.53], true, true, false),
        ]);
        Assert.True(MaxDifference(expected[0], exact.Tensor) * 58.4 <= JpegLevels);
    }

    [Theory]
    [InlineData("r1920.jpg", 224, 224, true)]
    [InlineData("r1920.jpg", 300, 200, false)]
    [InlineData("rrot.jpg", 320, 160, true)]
    [InlineData("r1001.jpg", 100, 90, false)]
    public void Geometry_maps_the_input_to_the_pixels_of_the_image_as_sent(
        string picture,
        int width,
        int height,
        bool crop
    )
    {
        var c = new Case(picture, width, height, crop, 0);
        var exact = Run(images.Bytes(picture), c, reduced: false).Geometry;
        var reduced = Run(images.Bytes(picture), c, reduced: true).Geometry;
        Assert.Equal((exact.OriginalWidth, exact.OriginalHeight), (reduced.OriginalWidth, reduced.OriginalHeight));
        using var image = ImageDecoder.Decode(images.Bytes(picture), picture, (width, height));
        Assert.True(image.Reduction > 1);
        // The input's corners land on the same place of the picture within one reduced pixel (the reduced size is
        // the full one divided by N, rounded up).
        foreach (var xi in new double[] { 0, width / 2.0, width })
            Assert.InRange(reduced.ToOriginalX(xi) - exact.ToOriginalX(xi), -image.Reduction, image.Reduction);
        foreach (var yi in new double[] { 0, height / 2.0, height })
            Assert.InRange(reduced.ToOriginalY(yi) - exact.ToOriginalY(yi), -image.Reduction, image.Reduction);
        if (!crop)
        {
            // A plain resize spans the whole reduced image: N times its size, at least the picture's.
            Assert.Equal(image.Width * image.Reduction, reduced.ToOriginalX(width), 6);
            Assert.Equal(image.Height * image.Reduction, reduced.ToOriginalY(height), 6);
        }
    }

    private static (float[] Tensor, ImageGeometry Geometry) Run(byte[] bytes, Case c, bool reduced = true)
    {
        var info = new TensorInfo("image", true, OnnxElementType.Float, [1, 3, -1, -1], new string?[4]);
        var pre = new PreprocessingDetails
        {
            InputWidth = c.Width,
            InputHeight = c.Height,
            Mean = [123.675, 116.28, 103.53],
            ScaleFactor = 1 / 58.4,
            SwapRB = true,
            Crop = c.Crop,
            Decode = reduced ? PreprocessingDetails.ReducedDecode : null,
        };
        var (tensor, geometry) = ImagePipeline.Build(ImageInputLayout.Of(info, pre)!, pre, [bytes], _ => c.Picture);
        return (ImageTensor.AsFloats(tensor), geometry[0]);
    }

    private static double MaxDifference(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (a, b) => (double)Math.Abs(a - b)).Max();
    }
}
