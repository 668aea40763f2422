using SkiaSharp;

namespace ModelRuntime.Typed;

/// <summary>
/// Decodes JPEG, PNG, BMP, GIF (first frame) and WebP with SkiaSharp into BGR bytes, as <c>cv2.imdecode</c> with
/// IMREAD_COLOR does: alpha dropped (not blended), grey replicated, no colour-profile conversion, EXIF orientation
/// applied.
/// </summary>
public static class ImageDecoder
{
    public const string Supported = "JPEG, PNG, BMP, GIF or WebP";

    /// <summary>The largest decoded image (pixels) accepted: a small file can claim a huge size.</summary>
    public const long MaxPixels = 64L << 20;

    private static readonly SKEncodedImageFormat[] Formats =
    [
        SKEncodedImageFormat.Jpeg,
        SKEncodedImageFormat.Png,
        SKEncodedImageFormat.Bmp,
        SKEncodedImageFormat.Gif,
        SKEncodedImageFormat.Webp,
    ];

    public static DecodedImage Decode(ReadOnlySpan<byte> bytes, string what)
    {
        // The codec owns the stream once created.
        using var codec = SKCodec.Create(new SKMemoryStream(bytes.ToArray()), out var result);
        if (codec is null)
            throw TypedErrors.NotAnImage(what, bytes, result.ToString());
        if (!Formats.Contains(codec.EncodedFormat))
            throw TypedErrors.UnsupportedImage(what, codec.EncodedFormat.ToString().ToUpperInvariant());
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0 || (long)width * height > MaxPixels)
            throw TypedErrors.ImageTooLarge(what, width, height, MaxPixels);
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rgba = GC.AllocateUninitializedArray<byte>(width * height * 4); // at most 256 MiB: MaxPixels
        var pinned = System.Runtime.InteropServices.GCHandle.Alloc(
            rgba,
            System.Runtime.InteropServices.GCHandleType.Pinned
        );
        SKCodecResult decoded;
        try
        {
            decoded = codec.GetPixels(info, pinned.AddrOfPinnedObject());
        }
        finally
        {
            pinned.Free();
        }
        if (decoded != SKCodecResult.Success)
            throw TypedErrors.UndecodableImage(
                what,
                codec.EncodedFormat.ToString().ToUpperInvariant(),
                decoded.ToString()
            );
        return ExifOrientation.Apply(rgba, width, height, (int)codec.EncodedOrigin);
    }
}
