using System.Text.Json.Nodes;
using ModelSdk.ContractModel;
using ModelSdk.Contracts.Compatibility;

namespace ModelSdk.Contracts.Tests.Compatibility;

/// <summary>Contracts as a Model.Sdk build writes them, small enough to change one thing at a time.</summary>
internal static class Snapshots
{
    public static TensorMetadata Tensor(string name, string datatype, params long[] shape) =>
        new()
        {
            Name = name,
            Datatype = datatype,
            Shape = shape,
        };

    public static ContractSnapshot Classifier(
        string version = "1.2.0",
        IReadOnlyList<TensorMetadata>? inputs = null,
        IReadOnlyList<TensorMetadata>? outputs = null,
        IReadOnlyList<string>? labels = null,
        IReadOnlyList<ParameterDetails>? parameters = null,
        string purpose = "Classification",
        string? architecture = null,
        double scale = 1,
        IReadOnlyList<ModelMetadata>? extraModels = null
    )
    {
        var model = new ModelMetadata
        {
            Name = "faces",
            Versions = [version],
            Platform = "onnx_onnxv1",
            Inputs = inputs ?? [Tensor("image", "FP32", -1, 3, 224, 224)],
            Outputs = outputs ?? [Tensor("scores", "FP32", -1, 3)],
        };
        var details = new ModelDetails
        {
            Name = "faces",
            File = "files/faces.onnx",
            Framework = "onnx",
            Purpose = purpose,
            Architecture = architecture,
            Labels = new LabelsDetails { File = "labels.txt", Count = (labels ?? Labels).Count },
            Preprocessing = new PreprocessingDetails { ScaleFactor = scale, Mean = [1, 2, 3] },
            Parameters = parameters ?? [Parameter("threshold", "float", "0.5")],
        };
        var document = new ContractDocument
        {
            FormatVersion = 1,
            Models = [model, .. extraModels ?? []],
            ModelDetails = [details],
            Package = new PackageDetails { Name = "faces", Version = version },
        };
        return new ContractSnapshot(
            document,
            new Dictionary<string, IReadOnlyList<string>> { ["faces"] = labels ?? Labels }
        );
    }

    public static readonly IReadOnlyList<string> Labels = ["cat", "dog", "bird"];

    public static ParameterDetails Parameter(string name, string type, string? value) =>
        new()
        {
            Name = name,
            Type = type,
            Default = value is null ? null : JsonValue.Create(value),
        };
}
