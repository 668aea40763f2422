using System.Globalization;
using System.Text.Json.Nodes;

namespace ModelRuntime.Check;

/// <summary>Checks a typed prediction (the v1 answer) against an expected top-1 label or a list of boxes.</summary>
public static class PredictionComparer
{
    /// <summary>The predicted labels, best first (a class index stands in for a missing label).</summary>
    public static IReadOnlyList<string?> Labels(JsonNode prediction)
    {
        if (prediction is not JsonArray items || items.Any(i => i is not JsonObject o || !o.ContainsKey("score")))
            throw new SampleException(
                SampleCodes.ExpectedInvalid,
                "a label expectation needs a classification prediction: set ModelPurpose=Classification (and labels), or expect a JSON file of outputs"
            );
        return items.Select(i => i!["label"]?.GetValue<string>() ?? i["index"]?.ToJsonString()).ToArray();
    }

    public static string? CompareLabel(string expected, IReadOnlyList<string?> predicted)
    {
        if (predicted.Count > 0 && predicted[0] == expected)
            return null;
        var top = predicted.Count == 0 ? "nothing" : $"'{predicted[0]}'";
        var rank = predicted.ToList().IndexOf(expected);
        var where = rank < 0 ? "not in the top " + predicted.Count : $"ranked {rank + 1}";
        return $"top-1 label is {top}, expected '{expected}' ({where})";
    }

    public static string? CompareBoxes(JsonArray expected, JsonNode prediction, double iou)
    {
        if (prediction is not JsonArray predicted || predicted.Any(p => p?["box"] is null))
            throw new SampleException(
                SampleCodes.ExpectedInvalid,
                "a boxes expectation needs a detection prediction: set ModelPurpose=ObjectDetection and ModelArchitecture"
            );
        var found = predicted.Select(p => (Label: Label(p), Box: Box(p!["box"]))).ToList();
        var used = new bool[found.Count];
        foreach (var e in expected)
        {
            var (label, box) = (Label(e), Box(e?["box"] ?? e));
            var best = -1;
            var bestIoU = 0.0;
            for (var i = 0; i < found.Count; i++)
            {
                if (used[i] || (label is not null && found[i].Label != label))
                    continue;
                var overlap = IoU(box, found[i].Box);
                if (best < 0 || overlap > bestIoU)
                    (best, bestIoU) = (i, overlap);
            }
            if (best < 0 || bestIoU < iou)
            {
                var nearest =
                    best < 0
                        ? "no unmatched box with that label"
                        : $"best IoU {F(bestIoU)} with {Describe(found[best])}";
                return $"expected box {Describe((label, box))} not found (IoU >= {F(iou)}): {nearest}";
            }
            used[best] = true;
        }
        var extra = Enumerable.Range(0, found.Count).Where(i => !used[i]).ToArray();
        return extra.Length == 0
            ? null
            : $"{extra.Length} unexpected detection(s), first {Describe(found[extra[0]])}; {found.Count} predicted, {expected.Count} expected";
    }

    public static double IoU(double[] a, double[] b)
    {
        var w = Math.Max(0, Math.Min(a[2], b[2]) - Math.Max(a[0], b[0]));
        var h = Math.Max(0, Math.Min(a[3], b[3]) - Math.Max(a[1], b[1]));
        var inter = w * h;
        var union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
        return union <= 0 ? 0 : inter / union;
    }

    private static string? Label(JsonNode? node) => node is JsonObject o ? o["label"]?.GetValue<string>() : null;

    private static double[] Box(JsonNode? node)
    {
        try
        {
            if (node is JsonArray a && a.Count == 4)
                return a.Select(v => JsonNumber.Of(v)!.Value).ToArray();
            if (node is JsonObject o)
                return new[] { "x1", "y1", "x2", "y2" }.Select(k => JsonNumber.Of(o[k])!.Value).ToArray();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException) { }
        throw new SampleException(
            SampleCodes.ExpectedInvalid,
            $"a box must be {{\"x1\",\"y1\",\"x2\",\"y2\"}} or [x1, y1, x2, y2], not {node?.ToJsonString() ?? "null"}"
        );
    }

    private static string Describe((string? Label, double[] Box) b) =>
        $"'{b.Label ?? "any"}' [{string.Join(", ", b.Box.Select(F))}]";

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
