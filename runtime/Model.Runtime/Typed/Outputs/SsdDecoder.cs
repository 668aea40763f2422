namespace ModelRuntime.Typed.Outputs;

/// <summary>
/// TF object-detection-API outputs (per instance): boxes [N,4] as normalized y1,x1,y2,x2; classes [N]; scores [N];
/// optionally num_detections (one value) that limits N. Outputs are told apart by name first: boxes contain "box",
/// classes "class", scores "score", the count "num" (names containing "raw" or "multiclass" are passed over, as
/// TF exports add raw_detection_boxes and detection_multiclass_scores). Without such names: boxes are the [N,4]
/// output, the count the one-value output, and of the two [N] outputs classes are the one holding whole numbers
/// (else the first, as TF orders them boxes, classes, scores).
/// </summary>
public static class SsdDecoder
{
    public static List<Detection> Decode(IReadOnlyList<InstanceTensor> outputs, int inputWidth, int inputHeight)
    {
        var boxes =
            Pick(outputs, t => t.Rank == 2 && t.Shape[1] == 4, "box")
            ?? throw InstanceTensor.Unfit("ModelArchitecture ssd needs a boxes output shaped [batch,N,4]");
        var n = (int)boxes.Shape[0];
        var rest = outputs.Where(o => o != boxes).ToList();
        var num = Pick(rest, t => t.Values.Length == 1 && (t.Rank == 0 || n != 1), "num");
        rest.Remove(num!);
        var perBox = rest.Where(t => t.Rank == 1 && t.Shape[0] == n).ToList();
        var classes = Pick(perBox, _ => true, "class", requireName: true);
        var scores = Pick(perBox, _ => true, "score", requireName: true);
        if (classes is null || scores is null)
        {
            var unnamed = perBox.Where(t => t != classes && t != scores).ToList();
            classes ??= unnamed.FirstOrDefault(t => t.IsInteger || t.Values.All(v => v == Math.Floor(v)));
            classes ??= unnamed.FirstOrDefault(t => t != scores);
            scores ??= unnamed.FirstOrDefault(t => t != classes);
        }
        if (classes is null || scores is null)
            throw InstanceTensor.Unfit(
                $"ModelArchitecture ssd needs classes and scores outputs shaped [batch,{n}] beside the boxes"
            );
        var count = num is null ? n : (int)Math.Clamp(num.Values[0], 0, n);
        var (w, h) = inputWidth > 0 && inputHeight > 0 ? (inputWidth, inputHeight) : (1, 1);
        var result = new List<Detection>(count);
        for (var i = 0; i < count; i++)
        {
            var b = boxes.Values.AsSpan(i * 4, 4);
            result.Add(
                new Detection(
                    (int)Math.Round(classes.Values[i]),
                    scores.Values[i],
                    Math.Min(b[1], b[3]) * w,
                    Math.Min(b[0], b[2]) * h,
                    Math.Max(b[1], b[3]) * w,
                    Math.Max(b[0], b[2]) * h
                )
            );
        }
        return result;
    }

    private static InstanceTensor? Pick(
        IReadOnlyList<InstanceTensor> outputs,
        Func<InstanceTensor, bool> fits,
        string name,
        bool requireName = false
    )
    {
        var candidates = outputs.Where(fits).ToList();
        var named = candidates.Where(t => Names(t, name)).ToList();
        return named.FirstOrDefault(t => !Avoided(t))
            ?? named.FirstOrDefault()
            ?? (requireName ? null : candidates.FirstOrDefault(t => !Avoided(t)) ?? candidates.FirstOrDefault());
    }

    private static bool Names(InstanceTensor t, string part) =>
        t.Name.Contains(part, StringComparison.OrdinalIgnoreCase);

    private static bool Avoided(InstanceTensor t) => Names(t, "raw") || Names(t, "multiclass");
}
