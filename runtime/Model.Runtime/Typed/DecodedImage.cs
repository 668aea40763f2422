namespace ModelRuntime.Typed;

/// <summary>An 8-bit image as OpenCV holds one after <c>cv2.imdecode(..., IMREAD_COLOR)</c>: rows of B, G, R bytes.</summary>
public sealed record DecodedImage(int Width, int Height, byte[] Bgr);
