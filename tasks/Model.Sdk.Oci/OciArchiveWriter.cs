using System.Text;
using System.Text.Json.Nodes;

namespace ModelSdk.Oci;

/// <summary>
/// Writes an image layout as one tar (an OCI archive) that 'podman load', 'skopeo copy oci-archive:' and
/// 'docker load' accept: the layout files plus a docker-archive manifest.json naming the tags.
/// </summary>
public static class OciArchiveWriter
{
    public static void Write(string layoutDirectory, string archivePath, IReadOnlyList<string> repositoryTags)
    {
        var layout = new OciLayout(layoutDirectory);
        var index = layout.ReadIndex();
        // podman load refuses an archive whose index lists more than one manifest: the image's SBOM and provenance
        // artifacts stay in the layout (and the registry), not in the archive's index.
        if (index["manifests"] is JsonArray listed)
        {
            foreach (var artifact in listed.Where(m => m?["artifactType"] is not null).ToList())
            {
                listed.Remove(artifact);
            }
        }
        var manifestDigest = (string?)index["manifests"]?[0]?["digest"] ?? "";
        var manifest = JsonNode.Parse(File.ReadAllBytes(layout.BlobPath(manifestDigest)))!;
        if (repositoryTags.Count > 0 && index["manifests"]?[0] is JsonObject descriptor)
        {
            // podman load names the image after ref.name: in an archive it is the full name, not just the tag.
            descriptor["annotations"] = new JsonObject { [Annotations.RefName] = repositoryTags[0] };
        }
        var dockerManifest = DockerManifest(manifest, repositoryTags);
        try
        {
            AtomicFile.Write(archivePath, stream => WriteTar(stream, layout, index, dockerManifest));
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

    private static void WriteTar(Stream stream, OciLayout layout, JsonObject index, JsonArray dockerManifest)
    {
        var tar = new DeterministicTarWriter(stream, 0);
        tar.AddDirectory("blobs");
        tar.AddDirectory("blobs/sha256");
        foreach (var blob in Directory.EnumerateFiles(layout.BlobDirectory).Order(StringComparer.Ordinal))
        {
            AddBlob(tar, blob);
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
