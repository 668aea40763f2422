namespace ModelSdk.Oci.SupplyChain;

/// <summary>What to attach to the images of a layout, and the build facts the layout does not hold.</summary>
public sealed record SupplyChainOptions
{
    /// <summary>ContainerGenerateSbom.</summary>
    public bool Sbom { get; init; } = true;

    /// <summary>ContainerGenerateProvenance.</summary>
    public bool Provenance { get; init; } = true;

    public required string ImageName { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public required string ModelDirectory { get; init; }

    /// <summary>Component lists of the bases (one per platform; <see cref="BaseComponents.FileName"/>).</summary>
    public IReadOnlyList<string> BaseComponentFiles { get; init; } = [];
    public required string SdkVersion { get; init; }
    public long? SourceDateEpoch { get; init; }
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
}

/// <summary>One artifact attached: its kind (sbom, provenance), its manifest and the image manifest it is about.</summary>
public sealed record AttachedArtifact(string Kind, Descriptor Manifest, string SubjectDigest, long ContentSize);
