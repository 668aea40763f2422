using ModelSdk.Registry;

namespace ModelSdk.Oci;

/// <summary>
/// Pulls a base image from a registry into the build cache (blobs shared by digest between builds) and presents it
/// as an OCI layout directory, so the image writer treats every base the same way.
/// </summary>
public static class RegistryBaseImage
{
    public static string PullToLayout(
        string reference,
        string cacheDirectory,
        Platform platform,
        RegistryOptions? options = null
    )
    {
        var parsed = ImageReference.Parse(reference);
        var root = Path.Combine(Path.GetFullPath(cacheDirectory), "registry");
        if (parsed.Digest is { } pinned && OciLayout.IsLayout(LayoutPath(root, pinned)))
        {
            return LayoutPath(root, pinned); // pinned by digest and already here: no network needed
        }
        PulledImage pulled;
        using (var client = new RegistryClient(options))
        {
            pulled = client.PullAsync(parsed, Path.Combine(root, "blobs"), platform).GetAwaiter().GetResult();
        }
        var manifest = pulled.Image.Manifest;
        var target = LayoutPath(root, manifest.Digest);
        if (OciLayout.IsLayout(target))
        {
            return target;
        }
        return AtomicDirectory.Create(
            target,
            temp =>
            {
                var layout = new OciLayout(temp);
                var entry = layout.WriteBlob(manifest.MediaType, manifest.Bytes);
                foreach (var blob in manifest.Blobs)
                {
                    Hardlink.LinkOrCopy(pulled.BlobPath(blob.Digest), layout.BlobPath(blob.Digest));
                }
                layout.WriteIndex([entry]);
            }
        );
    }

    private static string LayoutPath(string root, string digest) =>
        Path.Combine(root, "layouts", Digest.Hex(digest)[..32]);
}
