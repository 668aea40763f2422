namespace ModelRuntime.Typed.Outputs;

/// <summary>A detected box (corners, x1 &lt;= x2, y1 &lt;= y2) with its class index and score.</summary>
public readonly record struct Detection(int Class, double Score, double X1, double Y1, double X2, double Y2)
{
    public double Area => Math.Max(0, X2 - X1) * Math.Max(0, Y2 - Y1);

    /// <summary>Intersection over union; 0 when either box is empty.</summary>
    public double IoU(Detection other)
    {
        var w = Math.Min(X2, other.X2) - Math.Max(X1, other.X1);
        var h = Math.Min(Y2, other.Y2) - Math.Max(Y1, other.Y1);
        if (w <= 0 || h <= 0)
            return 0;
        var intersection = w * h;
        return intersection / (Area + other.Area - intersection);
    }
}

/// <summary>Score filtering and greedy non-maximum suppression, per class.</summary>
public static class Nms
{
    /// <summary>
    /// Keeps the boxes scoring at least <paramref name="scoreThreshold"/>, then, class by class, drops every box
    /// whose IoU with a better box of its class exceeds <paramref name="iouThreshold"/>. The result is ordered by
    /// score (best first); equal scores keep the order of <paramref name="boxes"/>.
    /// </summary>
    public static List<Detection> Apply(IReadOnlyList<Detection> boxes, double scoreThreshold, double iouThreshold)
    {
        var ranked = boxes
            .Select((box, order) => (box, order))
            .Where(b => b.box.Score >= scoreThreshold)
            .OrderByDescending(b => b.box.Score)
            .ThenBy(b => b.order)
            .Select(b => b.box)
            .ToList();
        var kept = new List<Detection>();
        foreach (var box in ranked)
        {
            if (!kept.Any(k => k.Class == box.Class && k.IoU(box) > iouThreshold))
                kept.Add(box);
        }
        return kept;
    }
}
