using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelSdk.ContractModel;

/// <summary>
/// contract.json: <see cref="Models"/> is exactly Open Inference Protocol model metadata (served as-is); everything
/// else lives in <see cref="ModelDetails"/> (parallel to it, by name) and <see cref="Package"/>. Property order here
/// is the key order on disk. Members a hand-written contract may leave out default to empty or null.
/// Members are settable, not init-only: System.Text.Json 8's source generator sets init-only members through the
/// constructor call, so a key missing from the file would replace the default with null.
/// </summary>
public sealed record ContractDocument
{
    /// <summary>The schema's major version (<see cref="ContractSchema.Version"/>); absent means 1.</summary>
    public int? FormatVersion { get; set; }
    public IReadOnlyList<ModelMetadata> Models { get; set; } = [];
    public IReadOnlyList<ModelDetails> ModelDetails { get; set; } = [];
    public PackageDetails? Package { get; set; }
}

/// <summary>One models[] entry: Open Inference Protocol (KServe v2) model metadata.</summary>
public sealed record ModelMetadata
{
    public string Name { get; set; } = "";
    public IReadOnlyList<string> Versions { get; set; } = [];
    public string Platform { get; set; } = "";
    public IReadOnlyList<TensorMetadata> Inputs { get; set; } = [];
    public IReadOnlyList<TensorMetadata> Outputs { get; set; } = [];

    /// <summary>Keys this schema does not know (a newer writer's): kept, so the metadata is still served whole.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>An input or output as the protocol describes it: -1 for every dim that is not fixed.</summary>
public sealed record TensorMetadata
{
    public string Name { get; set; } = "";

    /// <summary>Open Inference Protocol datatype (FP32, BYTES...); the names come from Model.Sdk.Onnx's OnnxDatatypes.</summary>
    public string Datatype { get; set; } = "";
    public IReadOnlyList<long> Shape { get; set; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The package section: the project's identity, also the image's org.opencontainers.image.* annotations.</summary>
public sealed record PackageDetails
{
    public string? Name { get; set; }
    public string? Version { get; set; }
    public string? Description { get; set; }
    public IReadOnlyList<string> Authors { get; set; } = [];
    public IReadOnlyList<string> Tags { get; set; } = [];
    public string? License { get; set; }

    /// <summary>Declared catalog fields; omitted when none is set (so existing contracts keep their bytes).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CatalogDetails? Catalog { get; set; }
}
