using System.Text.Json.Nodes;

namespace ModelRuntime.Typed.Outputs;

/// <summary>A per-pixel class map, row-major.</summary>
public sealed record ClassMap(int Width, int Height, int[] Classes);

/// <summary>
/// Semantic segmentation: the class of each pixel (argmax over the class dim) at the size of the image the client
/// sent, as a colour PNG and as each class's share of the pixels.
/// </summary>
public static class SegmentationFormatter
{
    /// <summary><c>{"width","height","classes":[{"label","index","share"}],"png":"&lt;base64&gt;"}</c>; classes by share, largest first.</summary>
    public static JsonObject Format(
        IReadOnlyList<InstanceTensor> outputs,
        OutputProfile profile,
        ImageGeometry? geometry
    )
    {
        var map = Resample(Argmax(outputs, profile.Labels.Count), geometry);
        var counts = new Dictionary<int, int>();
        foreach (var c in map.Classes)
            counts[c] = counts.GetValueOrDefault(c) + 1;
        var classes = new JsonArray();
        foreach (var (index, count) in counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key))
        {
            classes.Add(
                (JsonNode)
                    new JsonObject
                    {
                        ["label"] = ClassificationFormatter.Label(profile.Labels, index),
                        ["index"] = index,
                        ["share"] = (float)((double)count / map.Classes.Length),
                    }
            );
        }
        return new JsonObject
        {
            ["width"] = map.Width,
            ["height"] = map.Height,
            ["classes"] = classes,
            ["png"] = Convert.ToBase64String(Png(map, profile)),
        };
    }

    public static byte[] FormatPng(
        IReadOnlyList<InstanceTensor> outputs,
        OutputProfile profile,
        ImageGeometry? geometry
    ) => Png(Resample(Argmax(outputs, profile.Labels.Count), geometry), profile);

    public static byte[] Png(ClassMap map, OutputProfile profile)
    {
        var pixels = new byte[map.Classes.Length * 3];
        for (var i = 0; i < map.Classes.Length; i++)
        {
            var color = Palette.Color(profile.Colors, map.Classes[i]);
            (pixels[i * 3], pixels[i * 3 + 1], pixels[i * 3 + 2]) = (color.R, color.G, color.B);
        }
        return PngEncoder.Encode(map.Width, map.Height, 3, pixels);
    }

    /// <summary>
    /// The class map of the first output of rank 2 or 3: [H,W], [1,H,W] or [H,W,1] hold class indexes already;
    /// [C,H,W] (NCHW) or [H,W,C] (NHWC) hold scores, the class dim being the one equal to the labels count, else
    /// the smaller of the first and last.
    /// </summary>
    public static ClassMap Argmax(IReadOnlyList<InstanceTensor> outputs, int labelCount)
    {
        var t =
            outputs.FirstOrDefault(o => o.Rank is 2 or 3)
            ?? throw InstanceTensor.Unfit(
                "SemanticSegmentation needs an output shaped [batch,C,H,W], [batch,H,W,C] or [batch,H,W] (class indexes)"
            );
        if (t.Rank == 2 || t.Shape[0] == 1 || t.Shape[2] == 1)
        {
            var (h, w) =
                t.Rank == 2 ? (t.Shape[0], t.Shape[1])
                : t.Shape[0] == 1 ? (t.Shape[1], t.Shape[2])
                : (t.Shape[0], t.Shape[1]);
            return new ClassMap((int)w, (int)h, t.Values.Select(v => (int)Math.Round(v)).ToArray());
        }
        var channelsFirst =
            labelCount > 0 && t.Shape[0] == labelCount
            || !(labelCount > 0 && t.Shape[2] == labelCount) && t.Shape[0] <= t.Shape[2];
        var (classes, height, width) = channelsFirst
            ? ((int)t.Shape[0], (int)t.Shape[1], (int)t.Shape[2])
            : ((int)t.Shape[2], (int)t.Shape[0], (int)t.Shape[1]);
        var plane = height * width;
        var result = new int[plane];
        for (var p = 0; p < plane; p++)
        {
            var best = 0;
            var bestScore = double.NegativeInfinity;
            for (var c = 0; c < classes; c++)
            {
                var v = t.Values[channelsFirst ? c * plane + p : p * classes + c];
                if (v > bestScore)
                    (best, bestScore) = (c, v);
            }
            result[p] = best;
        }
        return new ClassMap(width, height, result);
    }

    /// <summary>The map at the original image's size (nearest neighbour, undoing resize and crop); unchanged without a geometry.</summary>
    public static ClassMap Resample(ClassMap map, ImageGeometry? geometry)
    {
        if (geometry is null)
            return map;
        var (w, h) = (geometry.OriginalWidth, geometry.OriginalHeight);
        var xs = SourceIndexes(w, map.Width, geometry.InputWidth, geometry.ScaleX, geometry.OffsetX);
        var ys = SourceIndexes(h, map.Height, geometry.InputHeight, geometry.ScaleY, geometry.OffsetY);
        var result = new int[w * h];
        for (var y = 0; y < h; y++)
        for (var x = 0; x < w; x++)
            result[y * w + x] = map.Classes[ys[y] * map.Width + xs[x]];
        return new ClassMap(w, h, result);
    }

    /// <summary>
    /// For each original pixel, the output pixel under its centre: original x → input x·scale − offset → output
    /// (the output may be smaller than the input, e.g. a stride-8 map). Pixels a crop cut off take the nearest edge.
    /// </summary>
    public static int[] SourceIndexes(int original, int output, int input, double scale, double offset)
    {
        var result = new int[original];
        var ratio = input > 0 ? (double)output / input : 1;
        for (var x = 0; x < original; x++)
        {
            var xi = (x + 0.5) * scale - offset;
            result[x] = (int)Math.Clamp(Math.Floor(xi * ratio), 0, output - 1);
        }
        return result;
    }
}
