using System.Text;
using System.Text.Json.Nodes;

namespace ModelSdk.Oci;

/// <summary>
/// Writes an image layout as one tar (an OCI archive) that 'podman load', 'skopeo copy oci-archive:' and
/// 'docker load' accept: the layout files plus a docker-archive manifest.json naming the tags. A multi-platform
/// layout is archived whole (index.json names the image index, as 'skopeo copy --all oci-archive:' reads it); since a
/// docker-archive manifest.json holds one image, it describes this machine's platform image.
/// </summary>
public static class OciArchiveWriter
{
    /// <param name="layoutDirectory">The layout <c>dotnet build</c> wrote: one image, or an index of one per platform.</param>
    /// <param name="archivePath">The archive to write (replaced atomically).</param>
    /// <param name="repositoryTags">The names; the first is index.json's ref.name.</param>
    /// <param name="onlyHostPlatform">
    /// For an index: write only this machine's platform image (what a local engine loads), not the whole index.
    /// </param>
    public static void Write(
        string layoutDirectory,
        string archivePath,
        IReadOnlyList<string> repositoryTags,
        bool onlyHostPlatform = false
    )
    {
        var write = Prepare(layoutDirectory, repositoryTags, onlyHostPlatform);
        try
        {
            AtomicFile.Write(archivePath, write);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelSdkException(
                ErrorCodes.ImageOutputUnwritable,
                $"Could not write the image archive '{archivePath}': {e.Message}. Free disk space or fix ContainerArchiveOutputPath, then build again.",
                archivePath,
                inner: e
            );
        }
    }

    /// <summary>
    /// The archive of this machine's platform image written to <paramref name="output"/> (e.g. streamed to an
    /// engine's load endpoint).
    /// </summary>
    public static void WriteTo(Stream output, string layoutDirectory, IReadOnlyList<string> repositoryTags) =>
        Prepare(layoutDirectory, repositoryTags, onlyHostPlatform: true)(output);

    private static Action<Stream> Prepare(
        string layoutDirectory,
        IReadOnlyList<string> repositoryTags,
        bool onlyHostPlatform
    )
    {
        var layout = new OciLayout(layoutDirectory);
        var images = LayoutImages.Manifests(layout);
        // docker-archive's manifest.json holds one image: this machine's platform (an OCI reader takes index.json).
        var hostImage = LayoutImages.ForHost(images);
        var index = layout.ReadIndex();
        IReadOnlyList<string>? blobs = null;
        if (onlyHostPlatform && images.Count > 1)
        {
            index = Documents.Index([hostImage with { Platform = null }]);
            blobs = BlobsOf(layout, hostImage);
        }
        var manifest = layout.ReadJsonBlob(hostImage.Digest);
        if (repositoryTags.Count > 0 && index["manifests"]?[0] is JsonObject descriptor)
        {
            // podman load names the image after ref.name: in an archive it is the full name, not just the tag.
            descriptor["annotations"] = new JsonObject { [Annotations.RefName] = repositoryTags[0] };
        }
        var dockerManifest = DockerManifest(manifest, repositoryTags);
        return stream => WriteTar(stream, layout, index, dockerManifest, blobs);
    }

    /// <summary>The blob file names (hex digests) of one image: its manifest, config and layers.</summary>
    private static List<string> BlobsOf(OciLayout layout, Descriptor image)
    {
        var manifest = layout.ReadJsonBlob(image.Digest);
        var digests = new List<string> { image.Digest, (string?)manifest["config"]?["digest"] ?? "" };
        digests.AddRange((manifest["layers"] as JsonArray ?? []).Select(l => (string?)l?["digest"] ?? ""));
        return digests.Select(Digest.Hex).Distinct().ToList();
    }

    /// <summary>docker load reads manifest.json: the config, the tags and the layers as paths in the tar.</summary>
    private static JsonArray DockerManifest(JsonNode manifest, IReadOnlyList<string> repositoryTags) =>
        new(
            new JsonObject
            {
                ["Config"] = BlobEntry((string?)manifest["config"]?["digest"]),
                ["RepoTags"] = new JsonArray(repositoryTags.Select(t => (JsonNode?)t).ToArray()),
                ["Layers"] = new JsonArray(
                    (manifest["layers"] as JsonArray ?? [])
                        .Select(l => (JsonNode?)BlobEntry((string?)l!["digest"]))
                        .ToArray()
                ),
            }
        );

    private static string BlobEntry(string? digest) => "blobs/sha256/" + Digest.Hex(digest ?? "");

    private static void WriteTar(
        Stream stream,
        OciLayout layout,
        JsonObject index,
        JsonArray dockerManifest,
        IReadOnlyList<string>? only
    )
    {
        var tar = new DeterministicTarWriter(stream, 0);
        tar.AddDirectory("blobs");
        tar.AddDirectory("blobs/sha256");
        foreach (var blob in Directory.EnumerateFiles(layout.BlobDirectory).Order(StringComparer.Ordinal))
        {
            if (only is null || only.Contains(Path.GetFileName(blob)))
            {
                AddBlob(tar, blob);
            }
        }
        tar.AddFile("index.json", Encoding.UTF8.GetBytes(index.ToJsonString(OciJson.Options)));
        tar.AddFile("manifest.json", Encoding.UTF8.GetBytes(dockerManifest.ToJsonString(OciJson.Options)));
        tar.AddFile("oci-layout", Encoding.UTF8.GetBytes(OciLayout.LayoutFileContent));
        tar.Finish();
    }

    private static void AddBlob(DeterministicTarWriter tar, string blob) =>
        tar.AddFile(
            "blobs/sha256/" + Path.GetFileName(blob),
            new FileInfo(blob).Length,
            LayerEntry.FileMode,
            output =>
            {
                using var input = new FileStream(blob, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
                input.CopyTo(output, 1 << 20);
            }
        );
}
