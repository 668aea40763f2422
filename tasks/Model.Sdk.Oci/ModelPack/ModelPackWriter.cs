using System.Text.Json.Nodes;

namespace ModelSdk.Oci;

/// <summary>What the ModelPack artifact is made from: the image layout dotnet build wrote, and where it goes.</summary>
public sealed record ModelPackRequest
{
    public required string ImageLayoutDirectory { get; init; }

    /// <summary>The model folder: its README.md (the model card) goes into the doc layer.</summary>
    public required string ModelDirectory { get; init; }

    /// <summary>The ModelPack layout (replaced); blobs shared with the image are hard links.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The artifact's tags (e.g. 1.2.0-modelpack): the first is the layout's ref.name.</summary>
    public required IReadOnlyList<string> Tags { get; init; }
    public string? Architecture { get; init; }
    public string? Precision { get; init; }
}

public sealed record ModelPackResult(string ManifestDigest, long ManifestSize, IReadOnlyList<Descriptor> SharedLayers);

/// <summary>
/// Writes a CNCF ModelPack artifact (modelpack/model-spec) for the model of a built image as an OCI layout of its own:
/// the image's weight and contract layers under ModelPack media types (the same blobs, so a registry stores and
/// receives them once), a small doc layer (model card, labels), and the model config. Reproducible: everything comes
/// from the image layout and the model folder.
/// </summary>
public static class ModelPackWriter
{
    public const string ImageDigestAnnotation = "io.modelsdk.image.digest";
    public const string ContractAnnotation = "io.modelsdk.contract";

    // Manifest annotations copied from the image: they describe the model, not the container.
    private static readonly string[] CopiedAnnotations =
    [
        "org.opencontainers.image.title",
        "org.opencontainers.image.description",
        "org.opencontainers.image.version",
        "org.opencontainers.image.licenses",
        "org.opencontainers.image.authors",
        "org.opencontainers.image.revision",
        "org.opencontainers.image.source",
        "org.opencontainers.image.created",
    ];

    public static ModelPackResult Write(ModelPackRequest request)
    {
        var tags = request.Tags.Where(t => t.Length > 0).ToList();
        foreach (var tag in tags)
        {
            if (!ModelSdk.Registry.ImageReference.IsValidTag(tag))
            {
                throw new ModelSdkException(
                    ErrorCodes.ModelPackTagInvalid,
                    $"The ModelPack tag '{tag}' is not a valid tag (1-128 letters, digits, '_', '.', '-', not starting with '.' or '-'). Shorten ContainerImageTags or change ModelPackTagSuffix."
                );
            }
        }
        var precision = ModelPackConfig.ValidatePrecision(request.Precision);
        var source = ModelPackSource.Read(request.ImageLayoutDirectory);
        var target = Path.GetFullPath(request.OutputDirectory).TrimEnd(Path.DirectorySeparatorChar);
        try
        {
            ModelPackResult? result = null;
            AtomicDirectory.Create(target, temp => result = WriteInto(request, source, tags, precision, temp));
            return result!;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelSdkException(
                ErrorCodes.ModelPackUnwritable,
                $"Could not write the ModelPack artifact to '{target}': {e.Message}. Free disk space or fix the permissions of the output folder, or set ModelPackArtifact=false.",
                target,
                inner: e
            );
        }
    }

    private static ModelPackResult WriteInto(
        ModelPackRequest request,
        ModelPackSource source,
        List<string> tags,
        string? precision,
        string directory
    )
    {
        var layout = new OciLayout(directory);
        Directory.CreateDirectory(layout.BlobDirectory);
        var layers = new List<Descriptor>();
        var diffIds = new List<string>();
        foreach (var layer in source.Layers)
        {
            Hardlink.LinkOrCopy(source.Layout.BlobPath(layer.Blob.Digest), layout.BlobPath(layer.Blob.Digest));
            layers.Add(Shared(layer));
            diffIds.Add(layer.DiffId);
        }
        var doc = DocLayer(request.ModelDirectory, source, directory, layout.BlobDirectory);
        layers.Add(
            new Descriptor(
                ModelPackMediaTypes.ForLayer(ModelPackMediaTypes.DocPrefix, doc.MediaType),
                doc.Digest,
                doc.Size
            )
        );
        diffIds.Add(doc.DiffId);

        var config = ModelPackConfig.Build(source, diffIds, NullIfEmpty(request.Architecture), precision);
        var configDescriptor = layout.WriteBlob(ModelPackMediaTypes.Config, OciJson.Bytes(config));
        var annotations = CopiedAnnotations
            .Where(source.Annotations.ContainsKey)
            .ToDictionary(k => k, k => source.Annotations[k], StringComparer.Ordinal);
        annotations[ImageDigestAnnotation] = source.ImageDigest;
        var manifest = Documents.Manifest(configDescriptor, layers, annotations, ModelPackMediaTypes.Manifest);
        var manifestDescriptor = layout.WriteBlob(MediaTypes.OciManifest, OciJson.Bytes(manifest)) with
        {
            ArtifactType = ModelPackMediaTypes.Manifest,
            Annotations = tags.Count > 0 ? new Dictionary<string, string> { [Annotations.RefName] = tags[0] } : null,
        };
        layout.WriteIndex([manifestDescriptor]);
        var shared = source.Layers.Select(l => l.Blob).ToList();
        return new ModelPackResult(manifestDescriptor.Digest, manifestDescriptor.Size, shared);
    }

    /// <summary>The image layer's blob under its ModelPack type: weights, or the contract and configuration files.</summary>
    private static Descriptor Shared(ModelPackLayer layer)
    {
        var prefix = layer.IsWeight ? ModelPackMediaTypes.WeightPrefix : ModelPackMediaTypes.WeightConfigPrefix;
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        const string singleFile = "model file ";
        if (layer.Description.StartsWith(singleFile, StringComparison.Ordinal))
        {
            annotations[ModelPackMediaTypes.FilepathAnnotation] = layer.Description[singleFile.Length..];
        }
        else if (!layer.IsWeight)
        {
            // ModelPack has no tensor-level I/O schema: our Open Inference Protocol contract travels in this layer.
            annotations[ContractAnnotation] = ModelFolderLayers.ImageRoot + "/contract.json";
        }
        return new Descriptor(
            ModelPackMediaTypes.ForLayer(prefix, layer.Blob.MediaType),
            layer.Blob.Digest,
            layer.Blob.Size
        )
        {
            Annotations = annotations.Count > 0 ? annotations : null,
        };
    }

    /// <summary>The model card (README.md) and the image labels as labels.json, under model/doc/.</summary>
    private static LayerDescriptor DocLayer(
        string modelDirectory,
        ModelPackSource source,
        string directory,
        string blobs
    )
    {
        var scratch = Path.Combine(directory, ".doc");
        Directory.CreateDirectory(scratch);
        var labelsFile = Path.Combine(scratch, "labels.json");
        var labels = new JsonObject(
            source
                .Labels.OrderBy(l => l.Key, StringComparer.Ordinal)
                .Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))
        );
        File.WriteAllBytes(labelsFile, OciJson.Bytes(labels));
        var entries = new List<LayerEntry>
        {
            LayerEntry.FromFile(labelsFile, "model/doc/labels.json", executable: false),
        };
        var card = Path.Combine(modelDirectory, "README.md");
        if (File.Exists(card))
        {
            entries.Add(LayerEntry.FromFile(card, "model/doc/README.md", executable: false));
        }
        var layer = LayerWriter.Write(
            new LayerSpec("model card and labels", entries),
            LayerCompression.None,
            source.ModificationTime,
            blobs
        );
        Directory.Delete(scratch, recursive: true);
        return layer;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
