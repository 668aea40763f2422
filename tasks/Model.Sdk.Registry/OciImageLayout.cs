using System.Text.Json;

namespace ModelSdk.Registry;

/// <summary>
/// Reads an OCI image layout directory (<c>oci-layout</c>, <c>index.json</c>, <c>blobs/sha256/</c>) as written by
/// <c>dotnet build</c>: its one root descriptor, manifests and blob paths.
/// </summary>
public sealed class OciImageLayout
{
    private OciImageLayout(string directory, Descriptor root, string? refName, IReadOnlyList<Descriptor> referrers)
    {
        Directory = directory;
        Root = root;
        RefName = refName;
        Referrers = referrers;
    }

    public string Directory { get; }

    /// <summary>The descriptor in index.json: the image manifest (or index) to push.</summary>
    public Descriptor Root { get; }

    /// <summary>The root's <c>org.opencontainers.image.ref.name</c> annotation, if any.</summary>
    public string? RefName { get; }

    /// <summary>Artifact manifests about the image (SBOM, provenance), as referrers.json lists them.</summary>
    public IReadOnlyList<Descriptor> Referrers { get; }

    public string IndexPath => Path.Combine(Directory, "index.json");

    public static OciImageLayout Open(string directory)
    {
        var full = Path.GetFullPath(directory);
        var indexPath = Path.Combine(full, "index.json");
        if (!File.Exists(Path.Combine(full, "oci-layout")) || !File.Exists(indexPath))
        {
            throw new ModelSdkException(
                ErrorCodes.ImageLayoutInvalid,
                $"No OCI image layout at '{full}' (oci-layout and index.json are missing). Run 'dotnet build' before 'dotnet publish', or fix the image directory.",
                full
            );
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(indexPath));
            if (
                !document.RootElement.TryGetProperty("manifests", out var manifests)
                || manifests.ValueKind != JsonValueKind.Array
            )
            {
                throw new FormatException("it has no 'manifests' array");
            }
            // The build lists the image alone in index.json (podman and skopeo refuse more); its SBOM and provenance
            // are in referrers.json.
            var entries = manifests.EnumerateArray().ToList();
            if (entries.Count != 1)
            {
                throw new FormatException(
                    $"it lists {entries.Count} manifests; an image built by Model.Sdk has exactly one"
                );
            }
            var root = Descriptor.Parse(entries[0], "index.json");
            string? refName = null;
            if (
                entries[0].TryGetProperty("annotations", out var a)
                && a.ValueKind == JsonValueKind.Object
                && a.TryGetProperty(Annotations.RefName, out var r)
            )
            {
                refName = r.GetString();
            }
            return new OciImageLayout(full, root, refName, ReferrersOf(full).ToList());
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new ModelSdkException(
                ErrorCodes.ImageLayoutInvalid,
                $"The image index is not valid: {e.Message}. Rebuild the image with 'dotnet build'.",
                indexPath
            );
        }
    }

    /// <summary>The artifacts listed in referrers.json (the image's SBOM and provenance, written by dotnet build).</summary>
    private static IEnumerable<Descriptor> ReferrersOf(string directory)
    {
        var path = Path.Combine(directory, "referrers.json");
        if (!File.Exists(path))
        {
            return [];
        }
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.TryGetProperty("manifests", out var manifests)
            ? manifests.EnumerateArray().Select(e => Descriptor.Parse(e, "referrers.json")).ToList()
            : [];
    }

    public string BlobPath(string digest) => new OciLayout(Directory).BlobPath(digest);

    /// <summary>Reads a manifest or index blob, checking its size and digest against the descriptor.</summary>
    public Manifest ReadManifest(Descriptor descriptor)
    {
        var path = BlobPath(descriptor.Digest);
        var bytes = ReadBlob(descriptor, path);
        try
        {
            return Manifest.Parse(bytes, descriptor.MediaType, path);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new ModelSdkException(
                ErrorCodes.ImageLayoutInvalid,
                $"The manifest is not valid: {e.Message}. Rebuild the image with 'dotnet build'.",
                path
            );
        }
    }

    /// <summary>Checks that a blob exists with the size its descriptor states (digests are checked while uploading).</summary>
    public void RequireBlob(Descriptor descriptor)
    {
        var path = BlobPath(descriptor.Digest);
        var info = new FileInfo(path);
        if (!info.Exists || info.Length != descriptor.Size)
        {
            throw new ModelSdkException(
                ErrorCodes.ImageLayoutInvalid,
                info.Exists
                    ? $"Blob {descriptor.Digest} has {info.Length} bytes but the manifest says {descriptor.Size}. Rebuild the image with 'dotnet build'."
                    : $"Blob {descriptor.Digest} named by the manifest is missing. Rebuild the image with 'dotnet build'.",
                path
            );
        }
    }

    private static byte[] ReadBlob(Descriptor descriptor, string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelSdkException(
                ErrorCodes.ImageLayoutInvalid,
                $"Blob {descriptor.Digest} is missing from the image layout. Rebuild the image with 'dotnet build'.",
                path
            );
        }
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != descriptor.Size || Digest.Of(bytes) != descriptor.Digest)
        {
            throw new ModelSdkException(
                ErrorCodes.BlobDigestMismatch,
                $"Blob {descriptor.Digest} does not match its digest or size; the image layout was modified after the build. Rebuild the image with 'dotnet build'.",
                path
            );
        }
        return bytes;
    }
}
