using System.Text.Json.Nodes;
using ModelSdk.Testing;

namespace ModelSdk.Oci.Tests;

public sealed class ImageLayoutTests
{
    [Fact]
    public void Umoci_and_skopeo_accept_the_layout_and_the_model_is_under_slash_model()
    {
        using var build = new ImageBuild();
        build.Build();

        Tools.RunOk("skopeo", "inspect", $"oci:{build.LayoutDirectory}:1.2.3");
        using var unpack = new TempDirectory("modelsdk-umoci");
        var bundle = Path.Combine(unpack.Path, "bundle");
        Tools.RunOk("umoci", "unpack", "--rootless", "--image", $"{build.LayoutDirectory}:1.2.3", bundle);
        foreach (
            var file in new[] { "contract.json", "contract.protobin", "serving.yaml", "labels.txt", "files/faces.onnx" }
        )
        {
            Assert.Equal(
                File.ReadAllBytes(Path.Combine(build.ModelDirectory, file)),
                File.ReadAllBytes(Path.Combine(bundle, "rootfs", "model", file))
            );
        }
        Assert.True(File.Exists(Path.Combine(bundle, "rootfs", "bin", "busybox")));
    }

    [Fact]
    public void Config_carries_parameters_port_user_labels_and_manifest_annotations()
    {
        using var build = new ImageBuild();
        var outcome = build.Build();

        var run = build.Config["config"]!;
        var env = run["Env"]!.AsArray().Select(e => (string)e!).ToList();
        Assert.Contains("MODEL_PARAM_THRESHOLD=0.5", env);
        Assert.Contains("MODEL_PARAM_TOP_K=3", env);
        Assert.Contains("FACES_MODE=fast", env);
        Assert.Contains("MODEL_PORT=8080", env);
        Assert.Contains("MODEL_GRPC_PORT=8081", env);
        Assert.Contains("MODEL_CONTRACT=/model/contract.json", env);
        Assert.Contains("PATH=/bin", env);
        Assert.NotNull(run["ExposedPorts"]!["8080/tcp"]);
        Assert.NotNull(run["ExposedPorts"]!["8081/tcp"]);
        Assert.Equal("1000:1000", (string?)run["User"]);
        Assert.Equal("/bin/ls", (string?)run["Entrypoint"]![0]);
        var labels = run["Labels"]!;
        Assert.Equal("onnx", (string?)labels["io.modelsdk.model.framework"]);
        Assert.Equal("classification", (string?)labels["io.modelsdk.model.purpose"]);
        Assert.Equal("512Mi", (string?)labels["io.modelsdk.model.resources.memory"]);
        Assert.Equal("Faces", (string?)labels["org.opencontainers.image.title"]);
        Assert.Null(build.Config["created"]);

        var annotations = build.Manifest["annotations"]!;
        Assert.Equal("Faces", (string?)annotations["org.opencontainers.image.title"]);
        Assert.Equal("1.2.3", (string?)annotations["org.opencontainers.image.version"]);
        Assert.Equal("MIT", (string?)annotations["org.opencontainers.image.licenses"]);
        Assert.Equal("Ada,Bob", (string?)annotations["org.opencontainers.image.authors"]);
        Assert.Equal("test/busybox:base", (string?)annotations["org.opencontainers.image.base.name"]);
        var baseDigest = (string)new OciLayout(TestBase.Directory).ReadIndex()["manifests"]![0]!["digest"]!;
        Assert.Equal(baseDigest, (string?)annotations["org.opencontainers.image.base.digest"]);

        Assert.Equal("1.2.3", (string?)build.Index["manifests"]![0]!["annotations"]![Annotations.RefName]);
        Assert.Equal("faces", outcome.Repository);
        Assert.Equal(outcome.Image.ManifestDigest, (string?)build.Index["manifests"]![0]!["digest"]);
    }

    [Fact]
    public void Layers_are_base_then_large_files_then_small_files_then_contract()
    {
        using var build = new ImageBuild();
        build.Build();

        var layers = build.Manifest["layers"]!.AsArray();
        var history = build.Config["history"]!.AsArray().Select(h => (string)h!["created_by"]!).ToList();
        Assert.Equal(4, layers.Count);
        Assert.Equal(MediaTypes.OciLayer, (string?)layers[1]!["mediaType"]);
        Assert.Equal(
            [
                "Model.Sdk: busybox",
                "Model.Sdk: model file model/files/faces.onnx",
                "Model.Sdk: small model files",
                "Model.Sdk: contract and configuration",
            ],
            history
        );
        Assert.Equal(TestBaseLayer(), build.LayerDigests[0]);
    }

    [Fact]
    public void Changing_only_the_contract_changes_only_the_last_layer()
    {
        using var build = new ImageBuild();
        var first = build.Build();
        var before = build.LayerDigests;

        File.WriteAllText(Path.Combine(build.ModelDirectory, "serving.yaml"), "name: faces\nport: 9090\n");
        var second = build.Build();
        var after = build.LayerDigests;

        Assert.Equal(before.Take(3), after.Take(3));
        Assert.NotEqual(before[3], after[3]);
        Assert.NotEqual(first.Image.ManifestDigest, second.Image.ManifestDigest);
        Assert.Equal(2, second.Image.LayersReused);
        Tools.AssertValidLayout(build.LayoutDirectory, "1.2.3");
    }

    [Fact]
    public void A_no_op_rebuild_reads_no_model_byte_and_a_rewritten_model_is_noticed()
    {
        using var build = new ImageBuild();
        var first = build.Build();

        // Nothing changed: every layer comes from the cache, whose key is made of file status only (no byte read).
        var second = build.Build();
        Assert.Equal(first.Image.ManifestDigest, second.Image.ManifestDigest);
        Assert.Equal(3, second.Image.LayersReused);

        // Same size and mtime but other bytes (cp -p, an npm tarball's fixed dates): the ctime tells it apart.
        var model = Path.Combine(build.ModelDirectory, "files", "faces.onnx");
        var mtime = File.GetLastWriteTimeUtc(model);
        File.WriteAllBytes(model, ModelFolder.Bytes((int)new FileInfo(model).Length, seed: 99));
        File.SetLastWriteTimeUtc(model, mtime);
        Assert.NotEqual(first.Image.ManifestDigest, build.Build().Image.ManifestDigest);
    }

    [Fact]
    public void Gzip_layers_are_valid_gzip_and_reproducible()
    {
        using var one = new ImageBuild();
        using var two = new ImageBuild();
        var first = one.Build(one.Request() with { Compression = LayerCompression.Gzip });
        var second = two.Build(two.Request() with { Compression = LayerCompression.Gzip });

        Assert.Equal(first.Image.ManifestDigest, second.Image.ManifestDigest);
        var layer = one.Manifest["layers"]![1]!;
        Assert.Equal(MediaTypes.OciLayerGzip, (string?)layer["mediaType"]);
        var blob = one.Layout.BlobPath((string)layer["digest"]!);
        Tools.RunOk("gzip", "-t", blob);
        var header = File.ReadAllBytes(blob)[..10];
        Assert.Equal(new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0 }, header[..8]);
        Assert.Equal(0xFF, header[9]); // OS "unknown", whatever machine zlib was built for
        var diffId = (string)one.Config["rootfs"]!["diff_ids"]![1]!;
        var sha = Tools.RunOk("sh", "-c", $"gzip -dc '{one.Layout.BlobPath((string)layer["digest"]!)}' | sha256sum");
        Assert.Equal(Digest.Hex(diffId), sha.Split(' ')[0]);
        Tools.AssertValidLayout(one.LayoutDirectory, "1.2.3");
    }

    [Fact]
    public void An_oci_archive_works_as_base_and_as_output()
    {
        using var build = new ImageBuild();
        var archive = Path.Combine(build.Root, "base.tar");
        OciArchiveWriter.Write(TestBase.Directory, archive, ["test/busybox:base"]);
        Tools.RunOk("skopeo", "inspect", $"oci-archive:{archive}");

        var outcome = build.Build(build.Request(archive));
        OciArchiveWriter.Write(build.LayoutDirectory, Path.Combine(build.Root, "out.tar"), outcome.RepositoryTags);

        Assert.Equal(TestBaseLayer(), build.LayerDigests[0]);
        var raw = Tools
            .RunOk("skopeo", "inspect", "--raw", $"oci-archive:{Path.Combine(build.Root, "out.tar")}")
            .TrimEnd('\n');
        Assert.Equal(outcome.Image.ManifestDigest, Digest.Of(System.Text.Encoding.UTF8.GetBytes(raw)));
    }

    [Fact]
    public void A_model_file_that_vanishes_mid_build_fails_coded_and_keeps_the_previous_layout()
    {
        using var build = new ImageBuild();
        build.Build();
        var indexBefore = File.ReadAllText(Path.Combine(build.LayoutDirectory, "index.json"));
        var gone = Path.Combine(build.Root, "gone.bin");
        File.WriteAllBytes(gone, new byte[10]);
        var spec = new ImageSpec
        {
            BaseLayoutDirectory = TestBase.Directory,
            Layers = [new LayerSpec("gone", [LayerEntry.FromFile(gone, "model/files/gone.bin")])],
        };
        File.Delete(gone);

        var error = Assert.Throws<ModelSdkException>(() =>
            ImageLayoutWriter.Write(spec, build.LayoutDirectory, build.CacheDirectory)
        );

        Assert.Equal(ErrorCodes.ModelFileChangedDuringImageBuild, error.Code);
        Assert.Equal(gone, error.File);
        Assert.Equal(indexBefore, File.ReadAllText(Path.Combine(build.LayoutDirectory, "index.json")));
        Assert.Equal(
            ["image", "model"],
            Directory.GetFileSystemEntries(Path.Combine(build.Root, "bin")).Select(Path.GetFileName).Order()
        );
        Assert.Empty(Directory.GetFiles(Path.Combine(build.CacheDirectory, "blobs", "sha256"), "*.tmp"));
    }

    [Theory]
    [InlineData("1.0+build", null, null, "MODEL0101")]
    [InlineData(null, "Faces Model", null, "MODEL0100")]
    [InlineData(null, null, "linux-arm64", "MODEL0104")]
    [InlineData(null, null, "win-x64", "MODEL0117")]
    public void Bad_names_and_platforms_are_coded_errors(string? tag, string? repository, string? rid, string code)
    {
        using var build = new ImageBuild();
        var request = build.Request() with
        {
            Tags = tag is null ? ["1.2.3"] : [tag],
            Repository = repository ?? "faces",
            RuntimeIdentifier = rid,
        };

        var error = Assert.Throws<ModelSdkException>(() => build.Build(request));

        Assert.Equal(code, error.Code);
        Assert.False(Directory.Exists(build.LayoutDirectory));
    }

    [Fact]
    public void Missing_or_invalid_bases_and_unwritable_outputs_are_coded_errors()
    {
        using var build = new ImageBuild();
        Assert.Equal(
            ErrorCodes.BaseImageNotFound,
            Assert
                .Throws<ModelSdkException>(() =>
                    BaseImageSource.ToLayoutDirectory(Path.Combine(build.Root, "nope"), build.CacheDirectory)
                )
                .Code
        );
        Assert.Equal(
            ErrorCodes.BaseImageInvalid,
            Assert
                .Throws<ModelSdkException>(() =>
                    BaseImageSource.ToLayoutDirectory(build.ModelDirectory, build.CacheDirectory)
                )
                .Code
        );
        var notTar = Path.Combine(build.ModelDirectory, "README.md");
        Assert.Equal(
            ErrorCodes.BaseImageInvalid,
            Assert.Throws<ModelSdkException>(() => BaseImageSource.ToLayoutDirectory(notTar, build.CacheDirectory)).Code
        );
        var blocked = Path.Combine(build.Root, "file");
        File.WriteAllText(blocked, "");
        var error = Assert.Throws<ModelSdkException>(() =>
            build.Build(build.Request() with { LayoutDirectory = Path.Combine(blocked, "image") })
        );
        Assert.Equal(ErrorCodes.ImageOutputUnwritable, error.Code);
    }

    private static string TestBaseLayer()
    {
        var layout = new OciLayout(TestBase.Directory);
        var manifest = layout.ReadJsonBlob((string)layout.ReadIndex()["manifests"]![0]!["digest"]!);
        return (string)manifest["layers"]![0]!["digest"]!;
    }
}
