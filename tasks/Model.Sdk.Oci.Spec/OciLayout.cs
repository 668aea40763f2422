using System.Text.Json.Nodes;

namespace ModelSdk.Oci.Spec;

/// <summary>What a layout problem is reported as: the error code, and the fix for the reader of the message.</summary>
public sealed record LayoutErrors(string Code, string Fix)
{
    /// <summary>A ContainerBaseImage layout (dotnet build).</summary>
    public static readonly LayoutErrors BaseImage = new(
        ErrorCodes.BaseImageInvalid,
        "Point ContainerBaseImage at a complete OCI layout directory or OCI archive (e.g. one written by 'skopeo copy ... oci:DIR')."
    );

    /// <summary>The layout dotnet build wrote (dotnet publish).</summary>
    public static readonly LayoutErrors BuiltImage = new(
        ErrorCodes.ImageLayoutInvalid,
        "Rebuild the image with 'dotnet build'."
    );
}

/// <summary>Paths, reads and writes inside an OCI image layout directory (oci-layout, index.json, blobs/sha256/).</summary>
public sealed class OciLayout(string root, LayoutErrors? errors = null)
{
    public const string LayoutFileContent = "{\"imageLayoutVersion\":\"1.0.0\"}";

    private readonly LayoutErrors _errors = errors ?? LayoutErrors.BaseImage;

    public string Root { get; } = Path.GetFullPath(root);

    public string BlobDirectory => Path.Combine(Root, "blobs", "sha256");

    public string IndexPath => Path.Combine(Root, "index.json");

    public string BlobPath(string digest) => Path.Combine(BlobDirectory, Digest.Hex(digest));

    public static bool IsLayout(string directory) =>
        File.Exists(Path.Combine(directory, "oci-layout")) && File.Exists(Path.Combine(directory, "index.json"));

    public JsonObject ReadIndex() => ReadJson(IndexPath);

    /// <summary>Reads a blob and checks it against its digest.</summary>
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

    /// <summary>Writes a blob under its digest and returns its descriptor.</summary>
    public Descriptor WriteBlob(string mediaType, byte[] bytes)
    {
        var digest = Digest.Of(bytes);
        Directory.CreateDirectory(BlobDirectory);
        File.WriteAllBytes(BlobPath(digest), bytes);
        return new Descriptor(mediaType, digest, bytes.Length);
    }

    /// <summary>Writes index.json (listing <paramref name="manifests"/>) and oci-layout.</summary>
    public void WriteIndex(IEnumerable<Descriptor> manifests)
    {
        File.WriteAllBytes(IndexPath, OciJson.Bytes(Documents.Index(manifests)));
        File.WriteAllText(Path.Combine(Root, "oci-layout"), LayoutFileContent);
    }

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
        new(_errors.Code, $"The OCI image layout at '{Root}' is not usable: {why}. {_errors.Fix}", Root);
}
