using System.Text.Json.Nodes;
using ModelSdk.ContractModel;

namespace ModelSdk.Contracts.Writers;

/// <summary>
/// contract.json: <c>models</c> holds exactly Open Inference Protocol model metadata (served as-is); everything else
/// lives under <c>modelDetails</c> and <c>package</c>. The schema and the bytes' form are Model.Sdk.ContractModel's.
/// </summary>
public static class ContractJsonWriter
{
    public const int FormatVersion = ContractJson.SchemaVersion;

    public static byte[] Write(ContractSet contracts) => ContractJson.Write(ToDocument(contracts));

    public static ContractDocument ToDocument(ContractSet contracts)
    {
        var layout = new OutputLayout(contracts);
        return new ContractDocument
        {
            FormatVersion = FormatVersion,
            Models = contracts.Models.Select(m => Metadata(m, contracts.Version)).ToArray(),
            ModelDetails = contracts.Models.Select(m => Details(m, contracts, layout)).ToArray(),
            Package = new PackageDetails
            {
                Name = contracts.Name,
                Version = contracts.Version,
                Description = contracts.Description,
                Authors = contracts.Authors,
                Tags = contracts.Tags,
                License = contracts.License,
                Catalog = contracts.Catalog,
            },
        };
    }

    private static ModelMetadata Metadata(ServedModel model, string version) =>
        new()
        {
            Name = model.Name,
            Versions = [version],
            Platform = model.Framework.Platform(),
            Inputs = model.Inputs.Select(Tensor).ToArray(),
            Outputs = model.Outputs.Select(Tensor).ToArray(),
        };

    private static TensorMetadata Tensor(TensorField field) =>
        new()
        {
            Name = field.Name,
            Datatype = field.Datatype,
            Shape = field.OipShape,
        };

    private static ModelDetails Details(ServedModel model, ContractSet contracts, OutputLayout layout) =>
        new()
        {
            Name = model.Name,
            File = layout.ModelFile(model),
            ExternalData = model.ExternalData.Select(d => layout.ExternalData(model, d)).ToArray(),
            ConfigFile = layout.ConfigFile(model),
            Framework = model.Framework.Name(),
            Purpose = model.Purpose.ToString(),
            Architecture = model.Architecture,
            Labels = model.Labels is null
                ? null
                : new LabelsDetails { File = layout.Labels(model)!, Count = model.Labels.Count },
            Preprocessing = Preprocessing(contracts.Preprocessing, layout),
            Parameters = contracts.Parameters.Select(Parameter).ToArray(),
            Resources = new ResourceDetails
            {
                MaxMemoryMB = contracts.Resources.MaxMemoryMB,
                Cores = contracts.Resources.Cores,
                Gpus = contracts.Resources.Gpus,
                Replicas = contracts.Resources.Replicas,
            },
            Batching = new BatchingDetails
            {
                MaxBatchSize = contracts.Resources.MaxBatchSize,
                MaxQueueDelayMs = contracts.Resources.MaxQueueDelayMs,
            },
            Inputs = model.Inputs.Select(FieldDetails).ToArray(),
            Outputs = model.Outputs.Select(FieldDetails).ToArray(),
            Onnx = model.Onnx is { } onnx ? Onnx(onnx) : null,
        };

    private static PreprocessingDetails Preprocessing(Preprocessing p, OutputLayout layout) =>
        new()
        {
            InputWidth = p.InputWidth,
            InputHeight = p.InputHeight,
            Mean = p.Mean,
            ScaleFactor = p.ScaleFactor,
            SwapRB = p.SwapRB,
            Crop = p.Crop,
            Decode = p.Decode,
            Softmax = p.Softmax,
            ColorsFile = layout.Colors,
        };

    private static ParameterDetails Parameter(ModelParameter p) =>
        new()
        {
            Name = p.Name,
            Type = p.Type,
            Default = p.Default is null ? null : JsonValue.Create(p.Default),
            Description = p.Description,
            Env = p.Env,
        };

    private static TensorDetails FieldDetails(TensorField field) =>
        new()
        {
            Name = field.Name,
            OnnxName = field.OnnxName,
            Dims = field.DimNames,
            Profile = field.Profile.Name(),
            Description = field.Description,
            OnnxType = field.OnnxType,
            Features = field.Features,
        };

    private static OnnxDetails Onnx(Onnx.OnnxModelInfo onnx) =>
        new()
        {
            IrVersion = onnx.IrVersion,
            ProducerName = onnx.ProducerName,
            ProducerVersion = onnx.ProducerVersion,
            Domain = onnx.Domain,
            ModelVersion = onnx.ModelVersion,
            Opsets = onnx.Opsets.Select(o => new OpsetDetails { Domain = o.Domain, Version = o.Version }).ToArray(),
            // Sorted so the bytes do not depend on the order the exporter wrote the entries in.
            Metadata = onnx.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray(),
            DocString = onnx.DocString,
        };
}
