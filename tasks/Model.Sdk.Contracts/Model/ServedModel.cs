using ModelSdk.Onnx;

namespace ModelSdk.Contracts;

/// <summary>One model file served under its own name, with its merged contract.</summary>
public sealed record ServedModel
{
    public required string Name { get; init; }

    /// <summary>Full path of the model file in the project.</summary>
    public required string SourceFile { get; init; }

    /// <summary>External weight files: path as written in the model (relative to it) and full source path.</summary>
    public IReadOnlyList<ExternalDataFile> ExternalData { get; init; } = [];

    /// <summary>The structure file of a caffe/darknet/dldt/tensorflow model (alwaysAI's config_file); null when none.</summary>
    public ExternalDataFile? ConfigFile { get; init; }
    public required ModelFramework Framework { get; init; }
    public required ModelPurpose Purpose { get; init; }

    /// <summary>ModelArchitecture in lower case (see <see cref="ModelArchitectures"/>); null when unset.</summary>
    public string? Architecture { get; init; }

    /// <summary>Labels, one per line of the labels file (see LabelsFile); null when the model has no labels file.</summary>
    public IReadOnlyList<string>? Labels { get; init; }
    public required IReadOnlyList<TensorField> Inputs { get; init; }
    public required IReadOnlyList<TensorField> Outputs { get; init; }

    /// <summary>What the ONNX file says about itself; null for other frameworks.</summary>
    public OnnxModelInfo? Onnx { get; init; }

    public string FileName => Path.GetFileName(SourceFile);
}

public sealed record ExternalDataFile(string RelativePath, string SourceFile);
