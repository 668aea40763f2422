using System.Text.Json;

namespace ModelSdk.Oci.Spec;

/// <summary>
/// A manifest or index exactly as stored (its bytes are what the digest covers), with the descriptors it references.
/// For an image manifest, <see cref="Config"/> is set and <see cref="Layers"/> lists the layers; for an index,
/// <see cref="Manifests"/> lists the child manifests. An artifact manifest (ModelPack, SBOM ...) is an image manifest
/// with <see cref="ArtifactType"/> set; a referrer names the manifest it is about in <see cref="Subject"/>.
/// </summary>
public sealed class Manifest
{
    private Manifest(
        byte[] bytes,
        string mediaType,
        Descriptor? config,
        IReadOnlyList<Descriptor> layers,
        IReadOnlyList<Descriptor> manifests,
        IReadOnlyDictionary<string, string> annotations,
        string? artifactType,
        Descriptor? subject
    )
    {
        Bytes = bytes;
        MediaType = mediaType;
        Config = config;
        Layers = layers;
        Manifests = manifests;
        Annotations = annotations;
        ArtifactType = artifactType;
        Subject = subject;
        Digest = Spec.Digest.Of(bytes);
    }

    public byte[] Bytes { get; }

    public string Digest { get; }

    public string MediaType { get; }

    public Descriptor? Config { get; }

    public IReadOnlyList<Descriptor> Layers { get; }

    public IReadOnlyList<Descriptor> Manifests { get; }

    public IReadOnlyDictionary<string, string> Annotations { get; }

    public string? ArtifactType { get; }

    /// <summary>The manifest this one refers to (OCI referrers), if any.</summary>
    public Descriptor? Subject { get; }

    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    /// <summary>Config then layers: every blob an image manifest needs.</summary>
    public IEnumerable<Descriptor> Blobs => Config is null ? Layers : Layers.Prepend(Config);

    public Descriptor ToDescriptor() => new(MediaType, Digest, Bytes.Length);

    /// <summary>Parses manifest bytes; <paramref name="declaredMediaType"/> comes from a descriptor or Content-Type.</summary>
    public static Manifest Parse(byte[] bytes, string? declaredMediaType, string where)
    {
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{where} is not a JSON object");
        }
        var mediaType =
            root.TryGetProperty("mediaType", out var m) && m.GetString() is { Length: > 0 } inner
                ? inner
                : declaredMediaType;
        var hasManifests =
            root.TryGetProperty("manifests", out var manifestsElement)
            && manifestsElement.ValueKind == JsonValueKind.Array;
        mediaType ??= hasManifests ? MediaTypes.OciIndex : MediaTypes.OciManifest;
        if (!MediaTypes.IsIndex(mediaType) && !MediaTypes.IsManifest(mediaType))
        {
            throw new FormatException(
                $"{where} has media type '{mediaType}', which is neither an image manifest nor an index"
            );
        }
        Descriptor? config = null;
        var layers = new List<Descriptor>();
        var manifests = new List<Descriptor>();
        if (MediaTypes.IsIndex(mediaType))
        {
            if (hasManifests)
            {
                manifests.AddRange(manifestsElement.EnumerateArray().Select(e => Descriptor.Parse(e, where)));
            }
        }
        else
        {
            if (!root.TryGetProperty("config", out var c) || c.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{where} is an image manifest without a config descriptor");
            }
            config = Descriptor.Parse(c, where);
            if (root.TryGetProperty("layers", out var l) && l.ValueKind == JsonValueKind.Array)
            {
                layers.AddRange(l.EnumerateArray().Select(e => Descriptor.Parse(e, where)));
            }
        }
        var annotations = OciJson.ReadAnnotations(root) ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var subject =
            root.TryGetProperty("subject", out var su) && su.ValueKind == JsonValueKind.Object
                ? Descriptor.Parse(su, where)
                : null;
        var artifactType =
            root.TryGetProperty("artifactType", out var at) && at.ValueKind == JsonValueKind.String
                ? at.GetString()
                : null;
        return new Manifest(bytes, mediaType, config, layers, manifests, annotations, artifactType, subject);
    }
}
