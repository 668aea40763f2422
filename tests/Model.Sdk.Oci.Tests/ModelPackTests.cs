using System.Text.Json.Nodes;
using Json.Schema;

namespace ModelSdk.Oci.Tests;

/// <summary>The ModelPack artifact written beside the image: shared weight blobs, spec media types, schema-valid config.</summary>
public sealed class ModelPackTests
{
    private static ModelPackResult WritePack(
        ImageBuild build,
        string? precision = "float32",
        string? directory = null
    ) =>
        ModelPackWriter.Write(
            new ModelPackRequest
            {
                ImageLayoutDirectory = build.LayoutDirectory,
                ModelDirectory = build.ModelDirectory,
                OutputDirectory = directory ?? Path.Combine(build.Root, "bin", "modelpack"),
                Tags = ["1.2.3-modelpack"],
                Architecture = "cnn",
                Precision = precision,
            }
        );

    private static (OciLayout Layout, JsonObject Manifest, JsonObject Config) Read(ImageBuild build)
    {
        var layout = new OciLayout(Path.Combine(build.Root, "bin", "modelpack"));
        var manifest = layout.ReadJsonBlob((string)layout.ReadIndex()["manifests"]![0]!["digest"]!);
        return (layout, manifest, layout.ReadJsonBlob((string)manifest["config"]!["digest"]!));
    }

    [Fact]
    public void Weight_layers_are_the_image_layers_blobs_under_ModelPack_media_types()
    {
        using var build = new ImageBuild(modelBytes: 4096);
        build.Build(build.Request() with { SourceDateEpoch = 1_700_000_000 });
        var result = WritePack(build);
        var (layout, manifest, config) = Read(build);

        Assert.Equal(MediaTypes.OciManifest, (string?)manifest["mediaType"]);
        Assert.Equal("application/vnd.cncf.model.manifest.v1+json", (string?)manifest["artifactType"]);
        Assert.Equal("application/vnd.cncf.model.config.v1+json", (string?)manifest["config"]!["mediaType"]);
        var layers = manifest["layers"]!.AsArray().Select(l => l!).ToList();
        var imageLayers = build.LayerDigests;
        // The large model file, the small model files, the contract: the same blobs as the image's last three layers.
        Assert.Equal("application/vnd.cncf.model.weight.v1.tar", (string?)layers[0]["mediaType"]);
        Assert.Equal(imageLayers[^3], (string?)layers[0]["digest"]);
        Assert.Equal("model/files/faces.onnx", (string?)layers[0]["annotations"]!["org.cncf.model.filepath"]);
        Assert.Equal("application/vnd.cncf.model.weight.v1.tar", (string?)layers[1]["mediaType"]);
        Assert.Equal(imageLayers[^2], (string?)layers[1]["digest"]);
        Assert.Equal("application/vnd.cncf.model.weight.config.v1.tar", (string?)layers[2]["mediaType"]);
        Assert.Equal(imageLayers[^1], (string?)layers[2]["digest"]);
        Assert.Equal("model/contract.json", (string?)layers[2]["annotations"]!["io.modelsdk.contract"]);
        Assert.Equal("application/vnd.cncf.model.doc.v1.tar", (string?)layers[3]["mediaType"]);
        Assert.Equal(4, layers.Count);
        Assert.Equal(3, result.SharedLayers.Count);
        Assert.Equal(
            new FileInfo(build.Layout.BlobPath(imageLayers[^3])).Length,
            new FileInfo(layout.BlobPath(imageLayers[^3])).Length
        );

        Assert.Equal("onnx", (string?)config["config"]!["format"]);
        Assert.Equal("cnn", (string?)config["config"]!["architecture"]);
        Assert.Equal("float32", (string?)config["config"]!["precision"]);
        Assert.Equal("Faces", (string?)config["descriptor"]!["name"]);
        Assert.Equal("1.2.3", (string?)config["descriptor"]!["version"]);
        Assert.Equal("2023-11-14T22:13:20Z", (string?)config["descriptor"]!["createdAt"]);
        Assert.Equal(["Ada", "Bob"], config["descriptor"]!["authors"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(["MIT"], config["descriptor"]!["licenses"]!.AsArray().Select(a => (string)a!));
        var imageDiffIds = build.Config["rootfs"]!["diff_ids"]!.AsArray().Select(d => (string)d!).ToList();
        var diffIds = config["modelfs"]!["diffIds"]!.AsArray().Select(d => (string)d!).ToList();
        Assert.Equal(imageDiffIds[^3..], diffIds[..3]);
        Assert.Equal(
            build.Index["manifests"]![0]!["digest"]!.ToString(),
            (string?)manifest["annotations"]!["io.modelsdk.image.digest"]
        );
    }

    [Fact]
    public void Config_validates_against_the_ModelPack_schema()
    {
        using var build = new ImageBuild(modelBytes: 4096);
        build.Build(build.Request() with { SourceDateEpoch = 1_700_000_000 });
        WritePack(build, "float16,int8");
        var schema = JsonSchema.FromFile(
            Path.Combine(AppContext.BaseDirectory, "TestData", "modelpack", "config-schema.json")
        );
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

        var result = schema.Evaluate(Read(build).Config, options);

        Assert.True(
            result.IsValid,
            string.Join(
                "; ",
                (result.Details ?? [])
                    .Where(d => d.Errors is not null)
                    .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
            )
        );
        // The schema really checks: a config with an unknown field is refused.
        var broken = Read(build).Config;
        broken["config"]!["tensors"] = "no";
        Assert.False(schema.Evaluate(broken, options).IsValid);
    }

    [Fact]
    public void Same_image_gives_the_same_artifact_bytes_and_precision_is_checked()
    {
        using var one = new ImageBuild(modelBytes: 4096);
        using var two = new ImageBuild(modelBytes: 4096);
        one.Build();
        two.Build();
        File.SetLastWriteTimeUtc(
            Path.Combine(two.ModelDirectory, "README.md"),
            new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc)
        );

        Assert.Equal(WritePack(one).ManifestDigest, WritePack(two).ManifestDigest);
        Assert.Equal(WritePack(one).ManifestDigest, WritePack(one).ManifestDigest);
        Assert.Null(Read(one).Config["descriptor"]!["createdAt"]);
        var error = Assert.Throws<ModelSdkException>(() => WritePack(one, "fp32"));
        Assert.Equal("MODEL0181", error.Code);
    }

    [Fact]
    public void Skopeo_reads_and_copies_the_artifact()
    {
        using var build = new ImageBuild(modelBytes: 4096);
        build.Build();
        var result = WritePack(build);
        var dir = Path.Combine(build.Root, "bin", "modelpack");

        var raw = JsonNode.Parse(Tools.RunOk("skopeo", "inspect", "--raw", $"oci:{dir}:1.2.3-modelpack"))!;
        Assert.Equal("application/vnd.cncf.model.manifest.v1+json", (string?)raw["artifactType"]);
        var copy = Path.Combine(build.Root, "copy");
        Tools.RunOk("skopeo", "copy", $"oci:{dir}:1.2.3-modelpack", $"oci:{copy}:x");
        var copied = new OciLayout(copy).ReadIndex()["manifests"]![0]!["digest"]!.ToString();
        Assert.Equal(result.ManifestDigest, copied);
    }

    [Fact]
    public void An_image_without_model_layers_is_refused()
    {
        using var build = new ImageBuild(modelBytes: 4096);
        var error = Assert.Throws<ModelSdkException>(() =>
            ModelPackWriter.Write(
                new ModelPackRequest
                {
                    ImageLayoutDirectory = TestBase.Directory,
                    ModelDirectory = build.ModelDirectory,
                    OutputDirectory = Path.Combine(build.Root, "mp"),
                    Tags = ["1-modelpack"],
                }
            )
        );
        Assert.Equal("MODEL0180", error.Code);
    }
}
