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
        var decoded = encoded.Select((bytes, i) => ImageDecoder.Decode(bytes.Span, describe(i))).ToArray();
        return Build(layout, preprocessing, decoded);
    }

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
        var fitted = images.Select(image => preprocessor.Fit(image, width, height)).ToArray();
        var tensor = ImageTensor.Build(layout, preprocessor, fitted.Select(f => f.Bgr).ToArray(), height, width);
        return (tensor, fitted.Select(f => f.Geometry).ToArray());
    }
}
