using System.Text.Json.Nodes;

namespace ModelRuntime.Typed.Outputs;

/// <summary>
/// Detections as <c>[{"label","score","box":{"x1","y1","x2","y2"}}, ...]</c>, best first, after score filtering and
/// per-class NMS, with boxes in the pixels of the image the client sent (clamped to it). Without an image
/// geometry boxes stay as the model gives them: ssd normalized to 0..1, yolo in input pixels.
/// </summary>
public static class DetectionFormatter
{
    public static JsonArray Format(
        IReadOnlyList<InstanceTensor> outputs,
        OutputProfile profile,
        ImageGeometry? geometry
    )
    {
        var decoded = DetectionDecoders.Decode(
            profile.Architecture!,
            outputs,
            profile.Labels.Count,
            geometry?.InputWidth ?? 0,
            geometry?.InputHeight ?? 0
        );
        var result = new JsonArray();
        foreach (var d in Nms.Apply(decoded, profile.ScoreThreshold, profile.NmsThreshold))
        {
            var box = geometry is null ? d : ToOriginal(d, geometry);
            result.Add(
                (JsonNode)
                    new JsonObject
                    {
                        ["label"] = ClassificationFormatter.Label(profile.Labels, d.Class),
                        ["index"] = d.Class,
                        ["score"] = (float)d.Score,
                        ["box"] = new JsonObject
                        {
                            ["x1"] = (float)box.X1,
                            ["y1"] = (float)box.Y1,
                            ["x2"] = (float)box.X2,
                            ["y2"] = (float)box.Y2,
                        },
                    }
            );
        }
        return result;
    }

    /// <summary>Input pixels to the original image's pixels (undoing resize and crop), clamped to the image.</summary>
    public static Detection ToOriginal(Detection d, ImageGeometry g)
    {
        double X(double xi) => Math.Clamp(g.ToOriginalX(xi), 0, g.OriginalWidth);
        double Y(double yi) => Math.Clamp(g.ToOriginalY(yi), 0, g.OriginalHeight);
        return d with { X1 = X(d.X1), Y1 = Y(d.Y1), X2 = X(d.X2), Y2 = Y(d.Y2) };
    }
}
