namespace ModelSdk.Contracts;

/// <summary>
/// ModelArchitecture (alwaysAI's <c>--architecture</c>): the layout of a detector's outputs, which the runtime needs
/// to read boxes from them. Written to contract.json in lower case.
/// </summary>
public static class ModelArchitectures
{
    /// <summary><c>ssd</c>: TF object-detection-API boxes/classes/scores[/num_detections]; <c>yolo</c>: YOLOv5 or v8.</summary>
    public static readonly IReadOnlyList<string> Names = ["ssd", "yolo"];

    public static string? Parse(string text) =>
        Names.FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
}
