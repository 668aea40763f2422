using ModelRuntime.Serving;

namespace ModelRuntime.Typed;

/// <summary>The 400s of typed inputs (status through <see cref="ErrorStatus"/> like every InferenceException).</summary>
public static class TypedErrors
{
    public static InferenceException NotAnImage(string what, ReadOnlySpan<byte> bytes, string reason)
    {
        var format = ImageSignatures.Unsupported(bytes);
        return format is not null
            ? UnsupportedImage(what, format)
            : InferenceException.BadRequest(
                $"{what} is not an image ({bytes.Length} bytes starting {ImageSignatures.Hex(bytes)}; decoder: {reason}); "
                    + $"send {ImageDecoder.Supported}"
            );
    }

    public static InferenceException UnsupportedImage(string what, string format) =>
        InferenceException.BadRequest(
            $"{what} is a {format} image, a format this server cannot decode; send {ImageDecoder.Supported}"
        );

    public static InferenceException UndecodableImage(string what, string format, string reason) =>
        InferenceException.BadRequest(
            $"{what} looks like {format} but cannot be decoded ({reason}: truncated or corrupt); send a complete {ImageDecoder.Supported} file"
        );

    public static InferenceException ImageTooLarge(string what, int width, int height, long max) =>
        InferenceException.BadRequest($"{what} is {width}x{height} pixels; at most {max} pixels are accepted");

    public static InferenceException NoImageInput(string model, string detail) =>
        InferenceException.BadRequest(
            $"model '{model}' takes no image input (none of its inputs has a 3-channel axis: {detail}); "
                + "send JSON instances with its input names instead"
        );

    public static InferenceException TooManyInstances(int count, int max) =>
        InferenceException.BadRequest(
            $"the request has {count} instances; at most {max} are accepted (MODEL_MAX_INSTANCES)"
        );

    public static InferenceException NotImageShaped(string model, string input, string shape) =>
        InferenceException.BadRequest(
            $"input '{input}' of model '{model}' has shape {shape}, which cannot hold an image (no 3-channel axis); "
                + "send JSON values for it"
        );
}
