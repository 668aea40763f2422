using System.Text;
using System.Text.Json.Nodes;

namespace ModelSdk.Oci.SupplyChain;

/// <summary>
/// Attaches an SBOM and a provenance statement to every image manifest of an OCI layout, the OCI 1.1 way: each is
/// an artifact manifest (artifactType, the empty config, one layer with the document) whose subject is the image
/// manifest. index.json keeps listing only the image, because skopeo and podman refuse a layout (oci:DIR without a
/// tag) whose index.json lists more than one manifest; the artifacts are listed in referrers.json beside it, an
/// image index like the registry's referrers tag. The image manifests do not change.
/// </summary>
public static class ReferrerAttacher
{
    public const string SbomKind = "sbom";
    public const string ProvenanceKind = "provenance";
    public static readonly byte[] EmptyConfig = "{}"u8.ToArray();

    /// <summary>The layout file that lists the referrers (an OCI image index of artifact descriptors).</summary>
    public const string ReferrersFile = "referrers.json";

    public static IReadOnlyList<AttachedArtifact> Attach(string layoutDirectory, SupplyChainOptions options)
    {
        var layout = new OciLayout(layoutDirectory, LayoutErrors.BuiltImage);
        var entries = (layout.ReadIndex()["manifests"] as JsonArray ?? [])
            .Select(e =>
                Descriptor.Parse(System.Text.Json.JsonDocument.Parse(e!.ToJsonString()).RootElement, layout.IndexPath)
            )
            .ToList();
        var images = entries.Where(e => e.ArtifactType is null).ToList();
        var attached = new List<AttachedArtifact>();
        if (options.Sbom || options.Provenance)
        {
            var model = ModelFolderFacts.Read(options.ModelDirectory);
            var bases = options.BaseComponentFiles.Where(File.Exists).Select(BaseComponents.Read).ToList();
            foreach (var manifest in images.SelectMany(i => ImageManifests(layout, i)))
            {
                attached.AddRange(AttachTo(layout, manifest, model, bases, options));
            }
        }
        if (images.Count != entries.Count)
        {
            AtomicFile.WriteAllBytes(layout.IndexPath, OciJson.Bytes(Documents.Index(images)));
        }
        var referrers = Path.Combine(layout.Root, ReferrersFile);
        if (attached.Count == 0)
        {
            File.Delete(referrers);
            return attached;
        }
        var bytes = OciJson.Bytes(Documents.Index(attached.Select(a => a.Manifest)));
        if (!File.Exists(referrers) || !File.ReadAllBytes(referrers).AsSpan().SequenceEqual(bytes))
        {
            AtomicFile.WriteAllBytes(referrers, bytes);
        }
        return attached;
    }

    /// <summary>The image manifests under a descriptor: itself, or the children of an index (nested ones too).</summary>
    public static IEnumerable<(Descriptor Descriptor, Manifest Manifest)> ImageManifests(
        OciLayout layout,
        Descriptor descriptor
    )
    {
        var manifest = Manifest.Parse(
            layout.ReadBlob(descriptor.Digest),
            descriptor.MediaType,
            layout.BlobPath(descriptor.Digest)
        );
        if (!manifest.IsIndex)
        {
            return manifest.ArtifactType is null ? [(descriptor, manifest)] : [];
        }
        return manifest.Manifests.Where(m => m.ArtifactType is null).SelectMany(m => ImageManifests(layout, m));
    }

    private static IEnumerable<AttachedArtifact> AttachTo(
        OciLayout layout,
        (Descriptor Descriptor, Manifest Manifest) image,
        ModelFolderFacts model,
        IReadOnlyList<BaseComponents> bases,
        SupplyChainOptions options
    )
    {
        var config = layout.ReadJsonBlob(image.Manifest.Config!.Digest);
        var platform = new Platform(
            (string?)config["os"] ?? "",
            (string?)config["architecture"] ?? "",
            (string?)config["variant"]
        );
        var inputs = new SupplyChainInputs
        {
            Subject = new Descriptor(image.Manifest.MediaType, image.Descriptor.Digest, image.Descriptor.Size),
            Manifest = image.Manifest,
            Config = config,
            Platform = platform,
            ImageName = options.ImageName,
            Tags = options.Tags,
            Base =
                bases.FirstOrDefault(b => b.Platform == platform)
                ?? (bases.Count == 1 && platform.Architecture.Length == 0 ? bases[0] : null),
            Model = model,
            SdkVersion = options.SdkVersion,
            SourceDateEpoch = options.SourceDateEpoch,
            Parameters = options.Parameters,
        };
        if (options.Sbom)
        {
            yield return Write(
                layout,
                inputs,
                SbomKind,
                CycloneDxSbom.MediaType,
                CycloneDxSbom.Generate(inputs),
                "sbom.cdx.json"
            );
        }
        if (options.Provenance)
        {
            yield return Write(
                layout,
                inputs,
                ProvenanceKind,
                SlsaProvenance.MediaType,
                SlsaProvenance.Generate(inputs),
                "provenance.intoto.json"
            );
        }
    }

    private static AttachedArtifact Write(
        OciLayout layout,
        SupplyChainInputs inputs,
        string kind,
        string mediaType,
        byte[] content,
        string title
    )
    {
        var emptyConfig = layout.WriteBlob(MediaTypes.OciEmpty, EmptyConfig);
        var layer = layout.WriteBlob(mediaType, content) with
        {
            Annotations = new Dictionary<string, string> { ["org.opencontainers.image.title"] = title },
        };
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (inputs.Time is { } time)
        {
            annotations[Annotations.Created] = time;
        }
        if (kind == ProvenanceKind)
        {
            annotations["in-toto.io/predicate-type"] = SlsaProvenance.PredicateType;
        }
        var manifest = Documents.Manifest(emptyConfig, [layer], annotations, mediaType, inputs.Subject);
        var descriptor = layout.WriteBlob(MediaTypes.OciManifest, OciJson.Bytes(manifest)) with
        {
            ArtifactType = mediaType,
            Annotations = annotations.Count > 0 ? annotations : null,
        };
        return new AttachedArtifact(kind, descriptor, inputs.Subject.Digest, content.Length);
    }
}
