using System.Text.Json.Nodes;

namespace ModelRuntime.Typed.Outputs;

/// <summary>
/// Image-to-image models: the first output shaped like an image ([3,H,W], [H,W,3], [1,H,W], [H,W,1] or [H,W] after
/// the batch dim) as a PNG at the size of the image the client sent (nearest neighbour, undoing resize and crop).
/// Values are read in the input's own space and turned back into pixels the way blobFromImage made them:
/// pixel = value / ModelScaleFactor + ModelMean[channel] (the mean only for 3 channels), rounded and clamped to
/// 0–255; integer outputs are taken as pixels. Three channels are BGR unless ModelSwapRB is true, as for the input.
/// </summary>
public static class ImageOutputFormatter
{
    /// <summary><c>{"width","height","png":"&lt;base64&gt;"}</c>.</summary>
    public static JsonObject Format(
        IReadOnlyList<InstanceTensor> outputs,
        OutputProfile profile,
        ImageGeometry? geometry
    )
    {
        var (width, height, channels, pixels) = Render(outputs, profile, geometry);
        return new JsonObject
        {
            ["width"] = width,
            ["height"] = height,
            ["png"] = Convert.ToBase64String(PngEncoder.Encode(width, height, channels, pixels)),
        };
    }

    public static byte[] FormatPng(
        IReadOnlyList<InstanceTensor> outputs,
        OutputProfile profile,
        ImageGeometry? geometry
    )
    {
        var (width, height, channels, pixels) = Render(outputs, profile, geometry);
        return PngEncoder.Encode(width, height, channels, pixels);
    }

    private static (int Width, int Height, int Channels, byte[] Pixels) Render(
        IReadOnlyList<InstanceTensor> outputs,
        OutputProfile profile,
        ImageGeometry? geometry
    )
    {
        var (t, channels, channelsFirst) = Find(outputs);
        var (h, w) = channelsFirst ? ((int)t.Shape[^2], (int)t.Shape[^1]) : ((int)t.Shape[0], (int)t.Shape[1]);
        var (outW, outH) = geometry is null ? (w, h) : (geometry.OriginalWidth, geometry.OriginalHeight);
        var xs = geometry is null
            ? Enumerable.Range(0, w).ToArray()
            : SegmentationFormatter.SourceIndexes(outW, w, geometry.InputWidth, geometry.ScaleX, geometry.OffsetX);
        var ys = geometry is null
            ? Enumerable.Range(0, h).ToArray()
            : SegmentationFormatter.SourceIndexes(outH, h, geometry.InputHeight, geometry.ScaleY, geometry.OffsetY);
        var pixels = new byte[outW * outH * channels];
        for (var y = 0; y < outH; y++)
        for (var x = 0; x < outW; x++)
        for (var c = 0; c < channels; c++)
        {
            var source = (ys[y] * w + xs[x]) * (channelsFirst ? 1 : channels);
            var value = channelsFirst ? t.Values[c * w * h + ys[y] * w + xs[x]] : t.Values[source + c];
            // PNG is RGB; the blob's channels are BGR unless swapRB.
            var target = channels == 3 && !profile.SwapRB ? 2 - c : c;
            pixels[(y * outW + x) * channels + target] = ToPixel(value, c, channels, t.IsInteger, profile);
        }
        return (outW, outH, channels, pixels);
    }

    public static byte ToPixel(double value, int channel, int channels, bool isInteger, OutputProfile profile)
    {
        var pixel = isInteger
            ? value
            : value / profile.ScaleFactor + (channels == 3 && channel < profile.Mean.Count ? profile.Mean[channel] : 0);
        return (byte)Math.Clamp(Math.Round(pixel, MidpointRounding.ToEven), 0, 255);
    }

    /// <summary>The image-shaped output: (tensor, channels, whether channels come first).</summary>
    public static (InstanceTensor Tensor, int Channels, bool ChannelsFirst) Find(IReadOnlyList<InstanceTensor> outputs)
    {
        foreach (var t in outputs)
        {
            if (t.Rank == 2 && t.Shape[0] > 0 && t.Shape[1] > 0)
                return (t, 1, true);
            if (t.Rank != 3)
                continue;
            if (t.Shape[0] is 1 or 3)
                return (t, (int)t.Shape[0], true);
            if (t.Shape[2] is 1 or 3)
                return (t, (int)t.Shape[2], false);
        }
        throw InstanceTensor.Unfit(
            "ImageToImage needs an output shaped [batch,3,H,W], [batch,H,W,3], [batch,1,H,W] or [batch,H,W]"
        );
    }
}
