namespace ModelSdk.Contracts;

/// <summary>Frameworks the alwaysAI model catalog names; only ONNX contracts are extracted automatically.</summary>
public enum ModelFramework
{
    Onnx,
    Tensorflow,
    Caffe,
    Darknet,
    Dldt,
    TensorRt,
    Hailo,
    Myriad,
    Enet,
}

public static class ModelFrameworks
{
    private static readonly (ModelFramework Value, string Name, string Platform)[] All =
    [
        (ModelFramework.Onnx, "onnx", "onnx_onnxv1"),
        (ModelFramework.Tensorflow, "tensorflow", "tensorflow_graphdef"),
        (ModelFramework.Caffe, "caffe", "caffe"),
        (ModelFramework.Darknet, "darknet", "darknet"),
        (ModelFramework.Dldt, "dldt", "openvino"),
        (ModelFramework.TensorRt, "tensor-rt", "tensorrt_plan"),
        (ModelFramework.Hailo, "hailo", "hailo_hef"),
        (ModelFramework.Myriad, "myriad", "openvino_myriad"),
        (ModelFramework.Enet, "enet", "enet"),
    ];

    public static IEnumerable<string> Names => All.Select(f => f.Name);

    public static bool TryParse(string text, out ModelFramework framework)
    {
        foreach (var f in All)
        {
            if (string.Equals(f.Name, text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                framework = f.Value;
                return true;
            }
        }
        framework = default;
        return false;
    }

    /// <summary>The catalog name as users write it, e.g. tensor-rt.</summary>
    public static string Name(this ModelFramework framework) => All.First(f => f.Value == framework).Name;

    /// <summary>The Open Inference Protocol platform string (Triton's naming where one exists).</summary>
    public static string Platform(this ModelFramework framework) => All.First(f => f.Value == framework).Platform;
}
