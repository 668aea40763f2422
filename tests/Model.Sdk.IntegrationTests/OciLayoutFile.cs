using System.Text.Json;

namespace ModelSdk.IntegrationTests;

/// <summary>Reads the manifest of the single image in an OCI layout directory.</summary>
public sealed class OciLayoutFile(string layoutDirectory)
{
    public string ManifestDigest
    {
        get
        {
            using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(layoutDirectory, "index.json")));
            return index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!;
        }
    }

    public IReadOnlyList<string> LayerDigests
    {
        get
        {
            using var manifest = JsonDocument.Parse(Blob(ManifestDigest));
            return manifest
                .RootElement.GetProperty("layers")
                .EnumerateArray()
                .Select(l => l.GetProperty("digest").GetString()!)
                .ToList();
        }
    }

    public JsonDocument Config()
    {
        using var manifest = JsonDocument.Parse(Blob(ManifestDigest));
        return JsonDocument.Parse(Blob(manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!));
    }

    public byte[] Blob(string digest) =>
        File.ReadAllBytes(Path.Combine(layoutDirectory, "blobs", "sha256", digest["sha256:".Length..]));
}
