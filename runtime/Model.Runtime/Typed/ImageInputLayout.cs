using ModelRuntime.OnnxRuntime;
using ModelSdk.ContractModel;

namespace ModelRuntime.Typed;

/// <summary>
/// Where an image goes in a model input: rank 4 (batch first) or rank 3 (one image), channels first (NCHW, the
/// axis after the batch is 3) or last (NHWC, the last axis is 3); NCHW wins when both are 3. Fixed height and width
/// are the model's; symbolic ones take the contract's preprocessing size, else the image's own size.
/// </summary>
public sealed record ImageInputLayout(TensorInfo Input, bool ChannelsFirst, bool HasBatch, int? Height, int? Width)
{
    public const int Channels = 3;

    public static ImageInputLayout? Of(TensorInfo input, PreprocessingDetails? preprocessing)
    {
        var dims = input.Dimensions;
        if (!input.IsTensor || dims.Length is not (3 or 4))
            return null;
        var offset = dims.Length - 3;
        bool first = dims[offset] == Channels,
            last = dims[^1] == Channels;
        if (!first && !last)
            return null;
        var (h, w) = first ? (dims[offset + 1], dims[offset + 2]) : (dims[offset], dims[offset + 1]);
        return new ImageInputLayout(
            input,
            first,
            dims.Length == 4,
            h > 0 ? (int)h : preprocessing?.InputHeight,
            w > 0 ? (int)w : preprocessing?.InputWidth
        );
    }

    /// <summary>Batch size 1 fixed by the model: several images run one at a time.</summary>
    public bool SingleImage => !HasBatch || Input.Dimensions[0] == 1;

    public long[] Shape(int batch, int height, int width)
    {
        long[] image = ChannelsFirst ? [Channels, height, width] : [height, width, Channels];
        return HasBatch ? [batch, .. image] : image;
    }
}
