using System.Text.Json.Nodes;
using ModelSdk.Testing;

namespace ModelSdk.Oci.Tests;

/// <summary>One image build in a temp folder: a model folder, a layout, a cache; helpers to read the result.</summary>
public sealed class ImageBuild : IDisposable
{
    private readonly TempDirectory _dir = new("modelsdk-image");

    public ImageBuild(int modelBytes = 64 * 1024)
    {
        ModelFolder.Create(ModelDirectory, modelBytes);
    }

    public string ModelDirectory => _dir.Combine("bin", "model");
    public string LayoutDirectory => _dir.Combine("bin", "image");
    public string CacheDirectory => _dir.Combine("obj", "image-cache");
    public string Root => _dir.Path;

    public ModelImageRequest Request(string? baseLayout = null) =>
        new()
        {
            ModelDirectory = ModelDirectory,
            BaseImage = baseLayout ?? TestBase.Directory,
            BaseName = "test/busybox:base",
            LayoutDirectory = LayoutDirectory,
            CacheDirectory = CacheDirectory,
            Repository = "faces",
            Tags = ["1.2.3"],
            LargeFileThreshold = 1024,
        };

    public ModelImageOutcome Build(ModelImageRequest? request = null) => ModelImageBuilder.Build(request ?? Request());

    public OciLayout Layout => new(LayoutDirectory);

    public JsonObject Index => Layout.ReadIndex();

    public JsonObject Manifest => Layout.ReadJsonBlob((string)Index["manifests"]![0]!["digest"]!);

    public JsonObject Config => Layout.ReadJsonBlob((string)Manifest["config"]!["digest"]!);

    public List<string> LayerDigests => Manifest["layers"]!.AsArray().Select(l => (string)l!["digest"]!).ToList();

    public void Dispose() => _dir.Dispose();
}
