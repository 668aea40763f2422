namespace ModelRuntime.Typed.Outputs;

/// <summary>
/// YOLO outputs (per instance), boxes as cx,cy,w,h in input pixels:
/// YOLOv5 [N,5+C] (cx,cy,w,h, objectness, C class scores; score = objectness × best class score) and YOLOv8
/// [4+C,N] (transposed, no objectness; score = best class score). The layout is told from the labels count C when
/// the model has labels (either orientation, with or without objectness), else from the shape: rows longer than
/// they are wide ([N,K], N &gt; K) are v5, the transposed form is v8. The output is the first of rank 2 (after the
/// batch dim).
/// </summary>
public static class YoloDecoder
{
    public static List<Detection> Decode(IReadOnlyList<InstanceTensor> outputs, int labelCount)
    {
        var output =
            outputs.FirstOrDefault(t => t.Rank == 2)
            ?? throw InstanceTensor.Unfit(
                "ModelArchitecture yolo needs an output shaped [batch,N,5+classes] (YOLOv5) or [batch,4+classes,N] (YOLOv8)"
            );
        var (transposed, objectness) = Layout(output.Shape[0], output.Shape[1], labelCount);
        var boxes = (int)(transposed ? output.Shape[1] : output.Shape[0]);
        var width = (int)(transposed ? output.Shape[0] : output.Shape[1]);
        var first = objectness ? 5 : 4;
        if (width < first)
            throw InstanceTensor.Unfit(
                $"output '{output.Name}' has {width} values per box; YOLO needs at least {first} (cx,cy,w,h{(objectness ? ",objectness" : "")})"
            );
        double At(int box, int field) => output.Values[transposed ? field * boxes + box : box * width + field];
        var result = new List<Detection>(boxes);
        for (var i = 0; i < boxes; i++)
        {
            var best = 0;
            var bestScore = width > first ? double.NegativeInfinity : 1.0;
            for (var c = 0; c < width - first; c++)
            {
                var s = At(i, first + c);
                if (s > bestScore)
                    (best, bestScore) = (c, s);
            }
            var score = objectness ? At(i, 4) * bestScore : bestScore;
            var (cx, cy, w, h) = (At(i, 0), At(i, 1), At(i, 2), At(i, 3));
            result.Add(new Detection(best, score, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2));
        }
        return result;
    }

    /// <summary>Whether the [a,b] output is transposed (fields first) and has an objectness field.</summary>
    public static (bool Transposed, bool Objectness) Layout(long a, long b, int labelCount)
    {
        if (labelCount > 0)
        {
            if (b == 5 + labelCount)
                return (false, true);
            if (a == 4 + labelCount)
                return (true, false);
            if (b == 4 + labelCount)
                return (false, false);
            if (a == 5 + labelCount)
                return (true, true);
        }
        return a < b ? (true, false) : (false, true);
    }
}
