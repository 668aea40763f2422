namespace ModelSdk.Contracts;

/// <summary>
/// A model project as MSBuild hands it over: raw strings, unvalidated. Validation lives in the library so every
/// rule is unit-testable and reports a coded <see cref="Diagnostic"/>.
/// </summary>
public sealed record ProjectSpec
{
    public required string ProjectFile { get; init; }
    public required string ProjectDirectory { get; init; }

    /// <summary>ModelName; defaults to the project name before it reaches here.</summary>
    public required string Name { get; init; }
    public string? Version { get; init; }
    public string? Description { get; init; }
    public string? Authors { get; init; }
    public string? Tags { get; init; }
    public string? License { get; init; }

    /// <summary>Catalog properties (ModelDataset, PackageProjectUrl, ModelAccuracy, ...), unvalidated.</summary>
    public ModelSdk.ContractModel.CatalogDetails Catalog { get; init; } = new();

    /// <summary>ModelFramework (default onnx) and ModelPurpose (default Custom); items may override both.</summary>
    public string? Framework { get; init; }
    public string? Purpose { get; init; }

    /// <summary>ModelArchitecture: a detector's output layout (ssd, yolo); items may override it.</summary>
    public string? Architecture { get; init; }

    public PreprocessingSpec Preprocessing { get; init; } = new();
    public ResourceSpec Resources { get; init; } = new();
    public IReadOnlyList<ModelItemSpec> Models { get; init; } = [];
    public IReadOnlyList<ParameterSpec> Parameters { get; init; } = [];
}

/// <summary>One <c>Model</c> item. Paths are as MSBuild gives them (relative to the project or full).</summary>
public sealed record ModelItemSpec
{
    public required string File { get; init; }
    public string? Name { get; init; }
    public string? Labels { get; init; }
    public string? Contract { get; init; }

    /// <summary>ConfigFile metadata: the model's structure file (caffe .prototxt, darknet .cfg, dldt .xml, TF .pbtxt).</summary>
    public string? ConfigFile { get; init; }
    public string? Framework { get; init; }
    public string? Purpose { get; init; }
    public string? Architecture { get; init; }
}

/// <summary>alwaysAI-style preprocessing metadata, raw.</summary>
public sealed record PreprocessingSpec
{
    /// <summary>"224x224", "224,224" or "224".</summary>
    public string? InputSize { get; init; }

    /// <summary>Three numbers separated by commas or semicolons.</summary>
    public string? Mean { get; init; }
    public string? ScaleFactor { get; init; }
    public string? SwapRB { get; init; }
    public string? Crop { get; init; }

    /// <summary>ModelImageDecode: "Exact" or "Reduced".</summary>
    public string? ImageDecode { get; init; }
    public string? Softmax { get; init; }
    public string? ColorsFile { get; init; }
}

/// <summary>Resource and serving hints, raw.</summary>
public sealed record ResourceSpec
{
    public string? MaxMemoryMB { get; init; }
    public string? Cores { get; init; }
    public string? Gpus { get; init; }
    public string? Replicas { get; init; }
    public string? MaxBatchSize { get; init; }
    public string? MaxQueueDelayMs { get; init; }
}

/// <summary>One <c>ModelParameter</c> item: a runtime argument changeable at launch.</summary>
public sealed record ParameterSpec
{
    public required string Name { get; init; }
    public string? Type { get; init; }
    public string? Default { get; init; }
    public string? Description { get; init; }
}
