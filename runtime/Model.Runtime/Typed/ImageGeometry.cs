namespace ModelRuntime.Typed;

/// <summary>
/// How a decoded image became the model's input: its original size, the input's size, and the affine map between
/// them. An input pixel xi maps back to the original image's x = (xi + OffsetX) / ScaleX (and y likewise), so
/// ScaleX = scaled width / original width and OffsetX is what a centre crop cut off on the left, in scaled pixels.
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
);
