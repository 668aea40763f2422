using ModelRuntime.Typed;
using SkiaSharp;
using Xunit.Abstractions;

namespace ModelRuntime.Tests.Typed;

/// <summary>
/// JPEGs decoded by TurboJPEG (libturbojpeg.so.0, SIMD) and by Skia's libjpeg-turbo give the same bytes, at full
/// size and at every DCT scale of ModelImageDecode=Reduced, with and without EXIF orientation.
/// </summary>
public class TurboJpegEqualityTests(OpenCvImages images, ITestOutputHelper output) : IClassFixture<OpenCvImages>
{
    private static readonly string[] Pictures =
    [
        "photo.jpg",
        "odd.jpg",
        "rotated.jpg",
        "r640.jpg",
        "r1920.jpg",
        "r4032.jpg",
        "r300.jpg",
        "r1001.jpg",
        "rrot.jpg",
    ];

    [TurboJpegFact]
    public void TurboJPEG_and_Skia_decode_the_test_JPEGs_to_identical_bytes_at_every_scale()
    {
        foreach (var name in Pictures)
            AssertIdentical(name, images.Bytes(name));
    }

    [TurboJpegFact]
    public void A_grey_JPEG_and_a_Skia_encoded_JPEG_decode_identically()
    {
        AssertIdentical("skia.jpg", TestPictures.Encode(333, 222, SKEncodedImageFormat.Jpeg, seed: 5));
        using var grey = new SKBitmap(new SKImageInfo(250, 170, SKColorType.Gray8, SKAlphaType.Opaque));
        for (var y = 0; y < grey.Height; y++)
        for (var x = 0; x < grey.Width; x++)
            grey.SetPixel(x, y, new SKColor((byte)(x + y), (byte)(x + y), (byte)(x + y)));
        using var data = grey.Encode(SKEncodedImageFormat.Jpeg, 90);
        AssertIdentical("grey.jpg", data.ToArray());
    }

    [TurboJpegFact]
    public void A_truncated_JPEG_is_left_to_Skia()
    {
        var bytes = images.Bytes("r640.jpg");
        using var codec = SKCodec.Create(new SKMemoryStream(bytes));
        var truncated = bytes.AsSpan(0, bytes.Length / 2);

        Assert.Null(TurboJpegDecoder.TryDecode(truncated, codec.Info.Width, codec.Info.Height, 1, 1));
        Assert.Contains("Premature end of JPEG file", TurboJpegDecoder.LastError);
    }

    private void AssertIdentical(string name, byte[] bytes)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(bytes));
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        foreach (var n in new[] { 1, 2, 4, 8 })
        {
            var reduceTo = ((width + n - 1) / n, (height + n - 1) / n);
            var transposed = JpegReduction.Transposes(codec.EncodedOrigin);
            using var skia = ImageDecoder.Decode(bytes, name, transposed ? Swap(reduceTo) : reduceTo, turboJpeg: false);
            using var turbo = TurboJpegDecoder.TryDecode(
                bytes,
                width,
                height,
                skia.Reduction,
                (int)codec.EncodedOrigin
            );
            Assert.True(turbo is not null, $"{name} 1/{skia.Reduction}: TurboJPEG declined it");
            Assert.Equal((skia.Width, skia.Height), (turbo.Width, turbo.Height));
            var differing = Differing(skia.Bgr, turbo.Bgr);
            output.WriteLine($"{name} 1/{skia.Reduction} {turbo.Width}x{turbo.Height}: {differing} bytes differ");
            Assert.True(differing == 0, $"{name} 1/{skia.Reduction}: {differing} bytes differ");
        }
    }

    private static (int, int) Swap((int A, int B) size) => (size.B, size.A);

    private static int Differing(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var count = 0;
        for (var i = 0; i < a.Length; i++)
            count += a[i] != b[i] ? 1 : 0;
        return count;
    }
}

/// <summary>Skips when libturbojpeg.so.0 cannot be loaded (eng/install-deps.sh installs libturbojpeg0).</summary>
public sealed class TurboJpegFactAttribute : FactAttribute
{
    public TurboJpegFactAttribute()
    {
        if (ImageDecoder.TurboJpegUnavailable is { } reason)
            Skip =
                $"TurboJPEG is not used ({reason}): it needs Debian's libturbojpeg0 (eng/install-deps.sh) "
                + "and MODEL_JPEG_DECODER unset";
    }
}
