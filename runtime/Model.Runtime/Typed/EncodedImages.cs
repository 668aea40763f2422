using System.Text.Json;
using ModelRuntime.Memory;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Protocol;
using ModelRuntime.Serving;
using ModelSdk.Onnx;

namespace ModelRuntime.Typed;

/// <summary>What an OIP v2 input with an image content type names: the model, input, datatype and shape sent.</summary>
internal sealed record EncodedImagesTarget(ServedModel Model, string Name, string? Datatype, long[] Shape);

/// <summary>
/// An OIP v2 BYTES input whose parameters say <c>"content_type": "image/..."</c>: each element is an encoded
/// image (base64 text in JSON "data", raw bytes with the binary extension), decoded and preprocessed into the
/// model's image input (one image per element).
/// </summary>
internal static class EncodedImages
{
    public static bool IsImage(string? contentType) =>
        contentType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true;

    public static Tensor Read(
        ref Utf8JsonReader data,
        long count,
        long dataBytes,
        long? binarySize,
        BinaryInputCursor binary,
        EncodedImagesTarget target,
        RequestMemoryLease lease
    )
    {
        var (model, name, datatype, shape) = target;
        var layout = Layout(model, name, datatype);
        var images = Elements(ref data, count, dataBytes, binarySize, binary, name, shape, lease);
        var tensor = Build(model, name, layout, images);
        lease.Reserve(tensor.Data.LongLength, $"input '{Echo.Of(name)}'");
        return tensor;
    }

    /// <summary>Where the images of input <paramref name="name"/> go; 400 unless it is a BYTES image input.</summary>
    public static ImageInputLayout Layout(ServedModel model, string name, string? datatype)
    {
        if (datatype != "BYTES")
            throw InferenceException.BadRequest(
                $"input '{Echo.Of(name)}' has an image content_type, so its datatype must be BYTES (the encoded files), not '{Echo.Of(datatype)}'"
            );
        var inputs = model.Session!.Inputs;
        var input =
            inputs.FirstOrDefault(i => i.Name == name)
            ?? throw InferenceException.BadRequest(
                $"model '{model.Name}' has no input '{Echo.Of(name)}'; its inputs are: {string.Join(", ", inputs.Select(i => i.Name))}"
            );
        return ImageInputLayout.Of(input, model.Entry.Preprocessing)
            ?? throw TypedErrors.NotImageShaped(model.Name, name, InputValidator.ShapeText(input.Dimensions));
    }

    /// <summary>Encoded files (one per element) decoded and preprocessed into the model's image input.</summary>
    public static Tensor Build(ServedModel model, string name, ImageInputLayout layout, IReadOnlyList<byte[]> images)
    {
        if (images.Count == 0)
            throw InferenceException.BadRequest($"input '{Echo.Of(name)}' holds no image");
        if (images.Count > 1 && layout.SingleImage)
            throw InferenceException.BadRequest(
                $"input '{Echo.Of(name)}' holds {images.Count} images but model '{model.Name}' takes one image per request"
            );
        return ImagePipeline
            .Build(
                layout,
                model.Entry.Preprocessing,
                images.Select(b => (ReadOnlyMemory<byte>)b).ToArray(),
                i => $"input '{Echo.Of(name)}' element {i}"
            )
            .Tensor;
    }

    private static byte[][] Elements(
        ref Utf8JsonReader data,
        long count,
        long dataBytes,
        long? binarySize,
        BinaryInputCursor binary,
        string name,
        long[] shape,
        RequestMemoryLease lease
    )
    {
        if (binarySize is { } size)
            return BinaryTensorData
                .ReadInput(name, OnnxElementType.String, shape, binary.Take(size, name), lease)
                .Strings!;
        if (count < 0)
            throw InferenceException.BadRequest($"input '{Echo.Of(name)}' has no \"data\"");
        var strings = JsonTensorReader
            .Read(ref data, new JsonTensorTarget(name, OnnxElementType.String, shape, count, dataBytes), lease)
            .Strings!;
        return strings
            .Select(
                (s, i) =>
                {
                    var buffer = new byte[s.Length];
                    return
                        System.Buffers.Text.Base64.DecodeFromUtf8(s, buffer, out _, out var written)
                        == System.Buffers.OperationStatus.Done
                        ? buffer[..written]
                        : throw InferenceException.BadRequest(
                            $"input '{Echo.Of(name)}' element {i} is not base64; in JSON \"data\" an image is its file's bytes in base64"
                        );
                }
            )
            .ToArray();
    }
}
