using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ModelSdk.ContractModel;

/// <summary>One modelDetails[] entry: everything about a model that is not protocol metadata. Paths are relative to
/// the model folder; unset settings are null.</summary>
public sealed record ModelDetails
{
    public string Name { get; set; } = "";
    public string File { get; set; } = "";
    public IReadOnlyList<string> ExternalData { get; set; } = [];

    /// <summary>The model's structure file (caffe .prototxt, darknet .cfg, dldt .xml, TF .pbtxt); omitted when none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ConfigFile { get; set; }
    public string Framework { get; set; } = "";
    public string Purpose { get; set; } = "";

    /// <summary>ModelArchitecture (the detector's output layout: <c>ssd</c>, <c>yolo</c>); omitted when unset.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Architecture { get; set; }
    public LabelsDetails? Labels { get; set; }
    public PreprocessingDetails? Preprocessing { get; set; }
    public IReadOnlyList<ParameterDetails> Parameters { get; set; } = [];
    public ResourceDetails? Resources { get; set; }
    public BatchingDetails? Batching { get; set; }
    public IReadOnlyList<TensorDetails> Inputs { get; set; } = [];
    public IReadOnlyList<TensorDetails> Outputs { get; set; } = [];
    public OnnxDetails? Onnx { get; set; }
}

public sealed record LabelsDetails
{
    public string File { get; set; } = "";
    public int Count { get; set; }
}

/// <summary>alwaysAI-style preprocessing metadata.</summary>
public sealed record PreprocessingDetails
{
    public int? InputWidth { get; set; }
    public int? InputHeight { get; set; }
    public IReadOnlyList<double>? Mean { get; set; }
    public double? ScaleFactor { get; set; }
    public bool? SwapRB { get; set; }
    public bool? Crop { get; set; }
    public bool? Softmax { get; set; }
    public string? ColorsFile { get; set; }

    /// <summary>
    /// "reduced": a JPEG is decoded at the smallest libjpeg DCT scale (1/2, 1/4, 1/8) that still covers the network
    /// size, as OpenCV's IMREAD_REDUCED_COLOR_N. Omitted (null) for the default full-size decode, so contracts without
    /// it keep their bytes.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Decode { get; set; }

    public const string ReducedDecode = "reduced";
}

/// <summary>A model parameter: the runtime takes its value from <see cref="Env"/>, else <see cref="Default"/>.</summary>
public sealed record ParameterDetails
{
    public string Name { get; set; } = "";

    /// <summary>A name from <see cref="ParameterTypes"/>; readers also accept the aliases listed there.</summary>
    public string Type { get; set; } = ParameterTypes.Default.Name();

    /// <summary>The writer writes the default as text; hand-written contracts may use a JSON number or boolean.</summary>
    public JsonNode? Default { get; set; }
    public string? Description { get; set; }
    public string? Env { get; set; }
}

/// <summary>Resource hints (also image labels, every key as written).</summary>
public sealed record ResourceDetails
{
    public long? MaxMemoryMB { get; set; }
    public double? Cores { get; set; }
    public long? Gpus { get; set; }
    public long? Replicas { get; set; }

    /// <summary>Keys this schema does not know; the image builder labels them too.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed record BatchingDetails
{
    public long? MaxBatchSize { get; set; }
    public long? MaxQueueDelayMs { get; set; }
}

/// <summary>An input or output beyond the protocol: ONNX names, symbolic dims, data profile.</summary>
public sealed record TensorDetails
{
    public string Name { get; set; } = "";
    public string? OnnxName { get; set; }

    /// <summary>ONNX symbolic dim names (null for fixed or anonymous dims); null when the rank is unknown.</summary>
    public IReadOnlyList<string?>? Dims { get; set; }
    public string Profile { get; set; } = "";
    public string Description { get; set; } = "";
    public string? OnnxType { get; set; }

    /// <summary>
    /// Column names of a record input, in the input's last-axis order: a KServe v1 instance may give them as keys.
    /// Not written when unset, so contracts without it keep their bytes.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Features { get; set; }
}

/// <summary>What the ONNX file says about itself.</summary>
public sealed record OnnxDetails
{
    public long IrVersion { get; set; }
    public string ProducerName { get; set; } = "";
    public string ProducerVersion { get; set; } = "";
    public string Domain { get; set; } = "";
    public long ModelVersion { get; set; }
    public IReadOnlyList<OpsetDetails> Opsets { get; set; } = [];

    /// <summary>metadata_props as a JSON object, in list order (the writer sorts it; duplicate keys are kept).</summary>
    [JsonConverter(typeof(PropertyListConverter))]
    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; set; } = [];
    public string DocString { get; set; } = "";
}

public sealed record OpsetDetails
{
    public string Domain { get; set; } = "";
    public long Version { get; set; }
}
