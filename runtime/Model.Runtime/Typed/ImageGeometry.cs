namespace ModelRuntime.Typed;

/// <summary>
/// How one request image became the network's input, so typed outputs can map coordinates back.
/// Coordinates are continuous pixel-edge coordinates: 0 is the left (top) edge of the first pixel and
/// <c>Width</c> (<c>Height</c>) the right (bottom) edge of the last, so pixel <c>i</c> covers <c>[i, i + 1)</c>.
/// "Original" is the image as the user sees it, after its EXIF orientation was applied.
/// An input coordinate <c>xi</c> (0..InputWidth) maps to the original as
/// <c>x = (xi + OffsetX) / ScaleX</c> and <c>y = (yi + OffsetY) / ScaleY</c>; the inverse is
/// <c>xi = x * ScaleX - OffsetX</c>.
/// Plain resize (no crop): <c>ScaleX = InputWidth / OriginalWidth</c>, <c>ScaleY = InputHeight / OriginalHeight</c>,
/// offsets 0. Crop (as <c>cv2.dnn.blobFromImage(..., crop=True)</c>): one factor
/// <c>s = max(InputWidth / OriginalWidth, InputHeight / OriginalHeight)</c> for both axes and the offsets are the
/// whole pixels cut off the left and top of the resized image, <c>floor((round(OriginalWidth * s) - InputWidth) / 2)</c>.
/// </summary>
public sealed record ImageGeometry(
    int OriginalWidth,
    int OriginalHeight,
    int InputWidth,
    int InputHeight,
    double ScaleX,
    double ScaleY,
    double OffsetX,
    double OffsetY
)
{
    /// <summary>Maps an input x coordinate to the original image.</summary>
    public double ToOriginalX(double xi) => (xi + OffsetX) / ScaleX;

    /// <summary>Maps an input y coordinate to the original image.</summary>
    public double ToOriginalY(double yi) => (yi + OffsetY) / ScaleY;
}
