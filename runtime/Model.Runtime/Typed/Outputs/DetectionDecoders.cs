namespace ModelRuntime.Typed.Outputs;

/// <summary>
/// Reads boxes from a detector's outputs, by ModelArchitecture. Boxes come out in the model's input pixels when
/// the input size is known (<paramref name="inputWidth"/> &gt; 0), else as the model gives them.
/// </summary>
public static class DetectionDecoders
{
    public static readonly IReadOnlyList<string> Architectures = ["ssd", "yolo"];

    public static List<Detection> Decode(
        string architecture,
        IReadOnlyList<InstanceTensor> outputs,
        int labelCount,
        int inputWidth,
        int inputHeight
    ) =>
        architecture.ToLowerInvariant() switch
        {
            "ssd" => SsdDecoder.Decode(outputs, inputWidth, inputHeight),
            "yolo" => YoloDecoder.Decode(outputs, labelCount),
            _ => throw InstanceTensor.Unfit(
                $"ModelArchitecture '{architecture}' is unknown; use one of: {string.Join(", ", Architectures)}"
            ),
        };
}
