using System.Text.Json.Nodes;

namespace ModelSdk.Oci;

/// <summary>Paths and small reads inside an OCI image layout directory (oci-layout, index.json, blobs/sha256/).</summary>
public sealed class OciLayout(string root)
{
    public const string LayoutFileContent = "{\"imageLayoutVersion\":\"1.0.0\"}";

    public string Root { get; } = Path.GetFullPath(root);

    public string BlobDirectory => Path.Combine(Root, "blobs", "sha256");

    public string BlobPath(string digest) => Path.Combine(BlobDirectory, Digest.Hex(digest));

    public static bool IsLayout(string directory) =>
        File.Exists(Path.Combine(directory, "oci-layout")) && File.Exists(Path.Combine(directory, "index.json"));

    public JsonObject ReadIndex() => ReadJson(Path.Combine(Root, "index.json"));

    public byte[] ReadBlob(string digest)
    {
        if (!Digest.IsValid(digest))
        {
            throw Invalid($"'{digest}' is not a sha256 digest");
        }
        var path = BlobPath(digest);
        if (!File.Exists(path))
        {
            throw Invalid($"blob {digest} is missing");
        }
        var bytes = File.ReadAllBytes(path);
        if (Digest.Of(bytes) != digest)
        {
            throw Invalid($"blob {digest} does not match its digest");
        }
        return bytes;
    }

    public JsonObject ReadJsonBlob(string digest) => Parse(ReadBlob(digest), BlobPath(digest));

    private JsonObject ReadJson(string path)
    {
        if (!File.Exists(path))
        {
            throw Invalid($"{Path.GetFileName(path)} is missing");
        }
        return Parse(File.ReadAllBytes(path), path);
    }

    private JsonObject Parse(byte[] bytes, string path)
    {
        try
        {
            return JsonNode.Parse(bytes) as JsonObject ?? throw Invalid($"{path} is not a JSON object");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw Invalid($"{path} is not valid JSON ({e.Message})");
        }
    }

    private ModelSdkException Invalid(string why) =>
        new(
            ErrorCodes.BaseImageInvalid,
            $"The OCI image layout at '{Root}' is not usable: {why}. Point ContainerBaseImage at a complete OCI layout directory or OCI archive (e.g. one written by 'skopeo copy ... oci:DIR').",
            Root
        );
}
