using System.Formats.Tar;
using System.Text.Json.Nodes;
using ModelSdk.Testing;

namespace ModelSdk.Oci.Tests;

/// <summary>ContainerRuntimeIdentifiers: one build, an image index of one image per platform.</summary>
public sealed class MultiPlatformTests
{
    private static readonly string[] TwoRids = ["linux-x64", "linux-arm64"];

    [Fact]
    public void Two_runtime_identifiers_write_an_index_with_one_image_per_platform_sharing_the_model_layers()
    {
        using var build = new ImageBuild();
        var outcome = build.Build(build.Request(TwoPlatformBase(build.Root)) with { RuntimeIdentifiers = TwoRids });

        var root = build.Index["manifests"]!.AsArray().Single()!;
        Assert.Equal(MediaTypes.OciIndex, (string?)root["mediaType"]);
        Assert.Equal("1.2.3", (string?)root["annotations"]![Annotations.RefName]);
        Assert.Equal(outcome.IndexDigest, (string?)root["digest"]);
        Assert.Equal(outcome.IndexDigest, outcome.Digest);
        var index = build.Layout.ReadJsonBlob(outcome.IndexDigest!);
        var entries = index["manifests"]!.AsArray().Select(m => m!.AsObject()).ToList();
        Assert.Equal(["linux/amd64", "linux/arm64"], entries.Select(Platform));
        var manifests = entries.Select(e => build.Layout.ReadJsonBlob((string)e["digest"]!)).ToList();
        var configs = manifests.Select(m => build.Layout.ReadJsonBlob((string)m["config"]!["digest"]!)).ToList();
        Assert.Equal(["amd64", "arm64"], configs.Select(c => (string?)c["architecture"]));
        var layers = manifests.Select(m => m["layers"]!.AsArray().Select(l => (string)l!["digest"]!).ToList()).ToList();
        // One base layer each (different), then the same model and contract layers, shared by digest.
        Assert.NotEqual(layers[0][0], layers[1][0]);
        Assert.Equal(layers[0].Skip(1), layers[1].Skip(1));
        Assert.True(layers[0].Count > 2);
        Assert.Equal(outcome.Images.Select(i => i.Image.ManifestDigest), entries.Select(e => (string)e["digest"]!));
        var listing = Tools.RunOk("skopeo", "inspect", "--raw", $"oci:{build.LayoutDirectory}:1.2.3");
        Assert.Equal(index.ToJsonString(), JsonNode.Parse(listing)!.ToJsonString());
    }

    [Fact]
    public void The_index_and_each_manifest_are_the_same_in_other_folders_and_rid_orders()
    {
        using var one = new ImageBuild();
        using var two = new ImageBuild();
        var first = one.Build(one.Request(TwoPlatformBase(one.Root)) with { RuntimeIdentifiers = TwoRids });
        var second = two.Build(
            two.Request(TwoPlatformBase(two.Root)) with
            {
                RuntimeIdentifiers = ["linux-arm64", " linux-x64 ", "linux-arm64"],
            }
        );

        Assert.Equal(first.IndexDigest, second.IndexDigest);
        Assert.Equal(
            first.Images.Select(i => i.Image.ManifestDigest),
            second.Images.Select(i => i.Image.ManifestDigest)
        );
    }

    [Fact]
    public void The_ModelPack_artifact_of_a_two_platform_image_shares_the_model_layers_and_names_the_index()
    {
        using var build = new ImageBuild();
        var outcome = build.Build(build.Request(TwoPlatformBase(build.Root)) with { RuntimeIdentifiers = TwoRids });
        var output = Path.Combine(build.Root, "bin", "modelpack");

        ModelPackWriter.Write(
            new ModelPackRequest
            {
                ImageLayoutDirectory = build.LayoutDirectory,
                ModelDirectory = build.ModelDirectory,
                OutputDirectory = output,
                Tags = ["1.2.3-modelpack"],
            }
        );

        var pack = new OciLayout(output);
        var manifest = pack.ReadJsonBlob((string)pack.ReadIndex()["manifests"]![0]!["digest"]!);
        Assert.Equal(outcome.IndexDigest, (string?)manifest["annotations"]!["io.modelsdk.image.digest"]);
        var shared = manifest["layers"]!.AsArray().Select(l => (string)l!["digest"]!).SkipLast(1).ToList();
        foreach (var image in outcome.Images)
        {
            var layers = build.Layout.ReadJsonBlob(image.Image.ManifestDigest)["layers"]!.AsArray();
            Assert.Equal(shared, layers.Select(l => (string)l!["digest"]!).TakeLast(shared.Count));
        }
    }

    [Fact]
    public void One_runtime_identifier_in_the_list_is_the_single_image_of_before()
    {
        using var plain = new ImageBuild();
        using var listed = new ImageBuild();
        var single = plain.Build();
        var fromList = listed.Build(listed.Request() with { RuntimeIdentifiers = ["linux-x64"] });

        Assert.Null(fromList.IndexDigest);
        Assert.Equal(single.Image.ManifestDigest, fromList.Digest);
        Assert.Equal(MediaTypes.OciManifest, (string?)listed.Index["manifests"]![0]!["mediaType"]);
    }

    [Fact]
    public void An_unsupported_runtime_identifier_is_MODEL0300_listing_the_supported_ones()
    {
        using var build = new ImageBuild();
        var error = Assert.Throws<ModelSdkException>(() =>
            build.Build(build.Request() with { RuntimeIdentifiers = ["linux-x64", "win-x64"] })
        );

        Assert.Equal("MODEL0300", error.Code);
        Assert.Contains("'win-x64'", error.Message);
        Assert.Contains("linux-x64, linux-arm64, linux-arm", error.Message);
        Assert.False(Directory.Exists(build.LayoutDirectory));
    }

    [Fact]
    public void A_base_without_one_of_the_platforms_is_MODEL0104()
    {
        using var build = new ImageBuild();
        var amd64Only = BaseLayout(build.Root, "amd64-only", [new Platform("linux", "amd64")]);

        var error = Assert.Throws<ModelSdkException>(() =>
            build.Build(build.Request(amd64Only) with { RuntimeIdentifiers = TwoRids })
        );

        Assert.Equal("MODEL0104", error.Code);
        Assert.Contains("linux/arm64", error.Message);
    }

    [Fact]
    public void The_archive_holds_the_whole_index_and_the_host_archive_only_the_host_image()
    {
        using var build = new ImageBuild();
        var outcome = build.Build(build.Request(TwoPlatformBase(build.Root)) with { RuntimeIdentifiers = TwoRids });
        var whole = Path.Combine(build.Root, "whole.tar");
        var host = Path.Combine(build.Root, "host.tar");

        OciArchiveWriter.Write(build.LayoutDirectory, whole, ["faces:1.2.3"]);
        OciArchiveWriter.Write(build.LayoutDirectory, host, ["faces:1.2.3"], onlyHostPlatform: true);

        var wholeRaw = Tools.RunOk("skopeo", "inspect", "--raw", $"oci-archive:{whole}");
        Assert.Equal(2, JsonNode.Parse(wholeRaw)!["manifests"]!.AsArray().Count);
        var hostImage = outcome.Images.Single(i => i.Platform.Matches(LayoutImages.HostPlatform)).Image;
        var other = outcome.Images.Single(i => !i.Platform.Matches(LayoutImages.HostPlatform)).Image;
        var hostEntries = TarNames(host);
        Assert.Contains("blobs/sha256/" + Digest.Hex(hostImage.ManifestDigest), hostEntries);
        Assert.DoesNotContain("blobs/sha256/" + Digest.Hex(other.ManifestDigest), hostEntries);
        Assert.DoesNotContain("blobs/sha256/" + Digest.Hex(outcome.IndexDigest!), hostEntries);
        var hostRaw = Tools.RunOk("skopeo", "inspect", "--raw", $"oci-archive:{host}");
        Assert.Equal(MediaTypes.OciManifest, (string?)JsonNode.Parse(hostRaw)!["mediaType"]);
    }

    private static string Platform(JsonObject entry) =>
        $"{(string?)entry["platform"]!["os"]}/{(string?)entry["platform"]!["architecture"]}";

    private static List<string> TarNames(string archive)
    {
        using var stream = File.OpenRead(archive);
        using var reader = new TarReader(stream);
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }
        return names;
    }

    private static string TwoPlatformBase(string root) =>
        BaseLayout(root, "two-platform", [new Platform("linux", "amd64"), new Platform("linux", "arm64")]);

    /// <summary>A base of fixed bytes with one image per platform (an index when there are several).</summary>
    private static string BaseLayout(string root, string name, IReadOnlyList<Platform> platforms)
    {
        var files = Path.Combine(root, name + "-files");
        Directory.CreateDirectory(files);
        var specs = platforms
            .Select(
                (platform, i) =>
                {
                    var tool = Path.Combine(files, $"tool-{platform.Architecture}");
                    File.WriteAllBytes(tool, ModelFolder.Bytes(2048, seed: 11 + i));
                    return new ImageSpec
                    {
                        Platform = platform,
                        Layers = [new LayerSpec("base", [LayerEntry.FromFile(tool, "bin/tool", executable: true)])],
                        Tags = ["base"],
                        Config = new ImageConfigOptions { Entrypoint = ["/bin/tool"] },
                    };
                }
            )
            .ToList();
        var layout = Path.Combine(root, name);
        var cache = Path.Combine(root, name + "-cache");
        if (specs.Count == 1)
        {
            ImageLayoutWriter.Write(specs[0], layout, cache);
        }
        else
        {
            ImageLayoutWriter.WriteIndex(specs, ["base"], layout, cache);
        }
        return layout;
    }
}
