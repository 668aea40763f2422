using ModelRuntime.OnnxRuntime;
using ModelSdk.ContractModel;

namespace ModelRuntime.Typed;

/// <summary>Encoded images to one model input tensor: decode, resize/crop, normalize, lay out (one batch).</summary>
public static class ImagePipeline
{
    public static (Tensor Tensor, IReadOnlyList<ImageGeometry> Geometry) Build(
        ImageInputLayout layout,
        PreprocessingDetails? preprocessing,
        IReadOnlyList<ReadOnlyMemory<byte>> encoded,
        Func<int, string> describe
    )
    {
        var decoded = new List<DecodedImage>(encoded.Count);
        var reduceTo = ReduceTo(layout, preprocessing);
        try
        {
            for (var i = 0; i < encoded.Count; i++)
                decoded.Add(ImageDecoder.Decode(encoded[i].Span, describe(i), reduceTo));
            return Build(layout, preprocessing, decoded);
        }
        finally
        {
            decoded.ForEach(image => image.Dispose());
        }
    }

    /// <summary>
    /// The size a reduced JPEG decode must still cover: the network size, when known before decoding and the
    /// contract asks for it (<c>ModelImageDecode=Reduced</c>).
    /// </summary>
    public static (int Width, int Height)? ReduceTo(ImageInputLayout layout, PreprocessingDetails? preprocessing) =>
        string.Equals(preprocessing?.Decode, PreprocessingDetails.ReducedDecode, StringComparison.OrdinalIgnoreCase)
        && layout is { Width: { } width, Height: { } height }
            ? (width, height)
            : null;

    /// <summary>From decoded images, which stay the caller's.</summary>
    public static (Tensor Tensor, IReadOnlyList<ImageGeometry> Geometry) Build(
        ImageInputLayout layout,
        PreprocessingDetails? preprocessing,
        IReadOnlyList<DecodedImage> images
    )
    {
        // Symbolic height/width with no ModelInputSize: the first image's own size (no resize for it).
        var width = layout.Width ?? images[0].Width;
        var height = layout.Height ?? images[0].Height;
        var preprocessor = new ImagePreprocessor(preprocessing);
        var fitted = new List<(DecodedImage Image, ImageGeometry Geometry)>(images.Count);
        try
        {
            foreach (var image in images)
                fitted.Add(preprocessor.Fit(image, width, height));
            var tensor = ImageTensor.Build(layout, preprocessor, fitted.Select(f => f.Image).ToArray(), height, width);
            return (tensor, fitted.Select(f => f.Geometry).ToArray());
        }
        finally
        {
            fitted.ForEach(f => f.Image.Dispose());
        }
    }
}
