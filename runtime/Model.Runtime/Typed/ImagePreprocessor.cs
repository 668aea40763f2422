using ModelSdk.ContractModel;

namespace ModelRuntime.Typed;

/// <summary>
/// <c>cv2.dnn.blobFromImage(image, scalefactor, size, mean, swapRB, crop)</c>: the 8-bit BGR image is resized
/// (<see cref="LinearResize"/>; with crop, by one factor so it covers the size, then centre-cropped), its channels
/// put in B, G, R order (R, G, B with swapRB), and each value becomes <c>(v - mean[c]) * scalefactor</c> in float,
/// <c>mean</c> given in the output channel order. Defaults: mean 0, scale factor 1, no swap, no crop.
/// </summary>
public sealed class ImagePreprocessor(PreprocessingDetails? preprocessing)
{
    private readonly float[] _mean = MeanOf(preprocessing?.Mean);
    private readonly float _scale = (float)(preprocessing?.ScaleFactor ?? 1.0);
    private readonly bool _swapRB = preprocessing?.SwapRB ?? false;
    private readonly bool _crop = preprocessing?.Crop ?? false;

    /// <summary>Resizes (and crops) to <paramref name="width"/> × <paramref name="height"/>: a pooled image.</summary>
    public (DecodedImage Image, ImageGeometry Geometry) Fit(DecodedImage image, int width, int height)
    {
        var (fitted, geometry) = _crop ? FitCropped(image, width, height) : FitWhole(image, width, height);
        if (image.Reduction == 1)
            return (fitted, geometry);
        // Reduced decode: reduced coordinate x is x * Reduction in the image as sent.
        return (
            fitted,
            geometry with
            {
                OriginalWidth = image.OriginalWidth,
                OriginalHeight = image.OriginalHeight,
                ScaleX = geometry.ScaleX / image.Reduction,
                ScaleY = geometry.ScaleY / image.Reduction,
            }
        );
    }

    private static (DecodedImage, ImageGeometry) FitWhole(DecodedImage image, int width, int height)
    {
        var resized = DecodedImage.Rent(width, height);
        LinearResize.Resize(
            image.Bgr,
            image.Width,
            image.Height,
            new LinearResize.Window(width, height, 0, 0, width, height),
            (double)width / image.Width,
            (double)height / image.Height,
            resized.Pixels
        );
        var geometry = new ImageGeometry(
            image.Width,
            image.Height,
            width,
            height,
            (double)width / image.Width,
            (double)height / image.Height,
            0,
            0
        );
        return (resized, geometry);
    }

    private static (DecodedImage, ImageGeometry) FitCropped(DecodedImage image, int width, int height)
    {
        // As OpenCV: a float factor, resize(Size(), f, f) rounds the size, the crop corner truncates.
        var factor = (double)Math.Max(width / (float)image.Width, height / (float)image.Height);
        var rw = (int)Math.Round(image.Width * factor, MidpointRounding.ToEven);
        var rh = (int)Math.Round(image.Height * factor, MidpointRounding.ToEven);
        int x0 = (int)(0.5 * (rw - width)),
            y0 = (int)(0.5 * (rh - height));
        var cropped = DecodedImage.Rent(width, height);
        LinearResize.Resize(
            image.Bgr,
            image.Width,
            image.Height,
            new LinearResize.Window(rw, rh, x0, y0, width, height),
            factor,
            factor,
            cropped.Pixels
        );
        return (cropped, new ImageGeometry(image.Width, image.Height, width, height, factor, factor, x0, y0));
    }

    /// <summary>The value of output channel <paramref name="c"/> for a BGR pixel, as float.</summary>
    public float Value(ReadOnlySpan<byte> bgr, int c) => (bgr[Source(c)] - _mean[c]) * _scale;

    /// <summary>Which byte of a BGR pixel output channel <paramref name="c"/> takes.</summary>
    public int Source(int c) => _swapRB ? 2 - c : c;

    public float Mean(int c) => _mean[c];

    public float Scale => _scale;

    private static float[] MeanOf(IReadOnlyList<double>? mean) =>
        mean switch
        {
            null or { Count: 0 } => [0, 0, 0],
            { Count: 1 } => [(float)mean[0], (float)mean[0], (float)mean[0]],
            _ => [(float)mean[0], (float)mean[1], (float)mean[2]],
        };
}
