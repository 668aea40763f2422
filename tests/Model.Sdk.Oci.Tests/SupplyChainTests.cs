using System.Text;
using System.Text.Json.Nodes;
using ModelSdk.Oci.SupplyChain;
using ModelSdk.Testing;

namespace ModelSdk.Oci.Tests;

public sealed class SupplyChainTests
{
    private const string Sbom = CycloneDxSbom.MediaType;
    private const string Provenance = SlsaProvenance.MediaType;

    private static SupplyChainOptions Options(ImageBuild build, params string[] componentFiles) =>
        new()
        {
            ImageName = "registry.example/faces",
            Tags = ["1.2.3"],
            ModelDirectory = build.ModelDirectory,
            BaseComponentFiles = componentFiles,
            SdkVersion = "9.8.7",
            SourceDateEpoch = 1_700_000_000,
        };

    [Fact]
    public void Sbom_and_provenance_are_referrers_of_the_unchanged_image()
    {
        using var build = new ImageBuild();
        var digest = build.Build().Image.ManifestDigest;
        var manifestBytes = build.Layout.ReadBlob(digest);

        var attached = ReferrerAttacher.Attach(build.LayoutDirectory, Options(build));

        Assert.Equal(["sbom", "provenance"], attached.Select(a => a.Kind));
        // index.json lists only the image: skopeo and podman refuse oci:DIR with more than one manifest.
        var entries = build.Index["manifests"]!.AsArray();
        Assert.Single(entries);
        Assert.Equal(digest, (string?)entries[0]!["digest"]);
        Tools.RunOk("skopeo", "inspect", $"oci:{build.LayoutDirectory}");
        Assert.Equal(manifestBytes, build.Layout.ReadBlob(digest));
        foreach (var (type, manifest) in SupplyChainFiles.Artifacts(build.Layout))
        {
            Assert.Equal(type, (string?)manifest["artifactType"]);
            Assert.Equal(digest, (string?)manifest["subject"]!["digest"]);
            Assert.Equal(manifestBytes.Length, (long)manifest["subject"]!["size"]!);
            Assert.Equal(MediaTypes.OciEmpty, (string?)manifest["config"]!["mediaType"]);
            Assert.Equal(type, (string?)manifest["layers"]![0]!["mediaType"]);
        }
        Assert.Equal([Sbom, Provenance], SupplyChainFiles.Artifacts(build.Layout).Select(a => a.ArtifactType));
        Tools.AssertValidLayout(build.LayoutDirectory, "1.2.3");
    }

    [Fact]
    public void Each_document_can_be_turned_off_and_attaching_again_replaces_the_previous_ones()
    {
        using var build = new ImageBuild();
        build.Build();
        ReferrerAttacher.Attach(build.LayoutDirectory, Options(build));

        ReferrerAttacher.Attach(build.LayoutDirectory, Options(build) with { Sbom = false });
        Assert.Equal([Provenance], SupplyChainFiles.Artifacts(build.Layout).Select(a => a.ArtifactType));

        ReferrerAttacher.Attach(build.LayoutDirectory, Options(build) with { Provenance = false });
        Assert.Equal([Sbom], SupplyChainFiles.Artifacts(build.Layout).Select(a => a.ArtifactType));

        ReferrerAttacher.Attach(build.LayoutDirectory, Options(build) with { Sbom = false, Provenance = false });
        Assert.Single(build.Index["manifests"]!.AsArray());
        Assert.False(File.Exists(Path.Combine(build.LayoutDirectory, ReferrerAttacher.ReferrersFile)));
    }

    [BaseArtifactsFact]
    public void The_sbom_is_valid_CycloneDX_1_6_and_lists_every_deb_of_the_base_and_the_runtime()
    {
        using var build = new ImageBuild();
        build.Build();
        var components = BaseComponents.Read(SupplyChainFiles.ComponentsFile);
        Assert.Equal(Platform.LinuxAmd64, components.Platform);
        var withBase = Options(build, SupplyChainFiles.ComponentsFile);

        ReferrerAttacher.Attach(build.LayoutDirectory, withBase);
        var sbom = SupplyChainFiles.Document(build.Layout, Sbom);

        Assert.Empty(SupplyChainFiles.SchemaErrors(sbom));
        var listed = JsonNode.Parse(sbom)!["components"]!.AsArray().Select(c => c!.AsObject()).ToList();
        var debs = Directory.GetFiles(SupplyChainFiles.DebDirectory, "*_amd64.deb");
        Assert.NotEmpty(debs);
        var expected = debs.Select(d => Tools.RunOk("dpkg-deb", "-f", d, "Package", "Version", "Architecture"))
            .Select(fields =>
                fields
                    .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                    .Select(l => l[(l.IndexOf(':') + 2)..])
                    .ToArray()
            )
            .Select(f => $"{f[0]} {f[1]} {f[2]}")
            .Order()
            .ToList();
        var actual = listed
            .Where(c => ((string?)c["purl"])?.StartsWith("pkg:deb/", StringComparison.Ordinal) == true)
            .Select(c => $"{c["name"]} {c["version"]} {Property(c, "modelsdk:deb.architecture")}")
            .Order()
            .ToList();
        Assert.Equal(expected, actual);
        Assert.All(
            listed.Where(c => ((string?)c["purl"])?.StartsWith("pkg:deb/", StringComparison.Ordinal) == true),
            c => Assert.NotNull(c["licenses"])
        );
        Assert.Contains(listed, c => (string?)c["name"] == "Microsoft.ML.OnnxRuntime");
        Assert.Contains(listed, c => (string?)c["name"] == "Microsoft.NETCore.App.Runtime.linux-x64");
    }

    [Fact]
    public void Model_files_are_listed_with_the_hashes_sha256sum_gives_and_the_model_card()
    {
        using var build = new ImageBuild();
        build.Build();
        ReferrerAttacher.Attach(build.LayoutDirectory, Options(build));
        var sbom = SupplyChainFiles.Document(build.Layout, Sbom);
        var provenance = JsonNode.Parse(SupplyChainFiles.Document(build.Layout, Provenance))!;

        Assert.Empty(SupplyChainFiles.SchemaErrors(sbom));
        var components = JsonNode.Parse(sbom)!["components"]!.AsArray().Select(c => c!.AsObject()).ToList();
        var files = Directory.GetFiles(build.ModelDirectory, "*", SearchOption.AllDirectories);
        var dependencies = provenance["predicate"]!["buildDefinition"]!["resolvedDependencies"]!.AsArray();
        foreach (var file in files)
        {
            var sum = Tools.RunOk("sha256sum", file).Split(' ')[0];
            var inImage = "/model/" + Path.GetRelativePath(build.ModelDirectory, file);
            var component = components.Single(c => (string?)c["name"] == inImage);
            Assert.Equal(sum, (string?)component["hashes"]![0]!["content"]);
            Assert.Equal(sum, (string?)dependencies.Single(d => (string?)d!["name"] == inImage)!["digest"]!["sha256"]);
        }
        var model = components.Single(c => (string?)c["type"] == "machine-learning-model");
        var onnx = Tools.RunOk("sha256sum", Path.Combine(build.ModelDirectory, "files", "faces.onnx")).Split(' ')[0];
        Assert.Equal(onnx, (string?)model["hashes"]![0]!["content"]);
        Assert.Equal("faces", (string?)model["name"]);
        Assert.Equal("1.2.3", (string?)model["version"]);
        Assert.Equal("Finds faces", (string?)model["description"]);
        Assert.Equal(["Ada", "Bob"], model["authors"]!.AsArray().Select(a => (string?)a!["name"]));
        Assert.Equal("MIT", (string?)model["licenses"]![0]!["expression"]);
        Assert.Equal("classification", (string?)model["modelCard"]!["modelParameters"]!["task"]);
        Assert.Equal("onnx", Property(model, "modelsdk:format"));
    }

    [Fact]
    public void The_provenance_is_an_in_toto_slsa_statement_about_the_image()
    {
        using var build = new ImageBuild();
        var digest = build.Build().Image.ManifestDigest;
        ReferrerAttacher.Attach(build.LayoutDirectory, Options(build));
        var statement = JsonNode.Parse(SupplyChainFiles.Document(build.Layout, Provenance))!;

        Assert.Equal("https://in-toto.io/Statement/v1", (string?)statement["_type"]);
        Assert.Equal("https://slsa.dev/provenance/v1", (string?)statement["predicateType"]);
        Assert.Equal(Digest.Hex(digest), (string?)statement["subject"]![0]!["digest"]!["sha256"]);
        Assert.Equal("registry.example/faces", (string?)statement["subject"]![0]!["name"]);
        var predicate = statement["predicate"]!;
        Assert.Equal(
            "https://modelsdk.io/builder/Model.Sdk@9.8.7",
            (string?)predicate["runDetails"]!["builder"]!["id"]
        );
        Assert.Equal("2023-11-14T22:13:20Z", (string?)predicate["runDetails"]!["metadata"]!["startedOn"]);
        var parameters = predicate["buildDefinition"]!["externalParameters"]!;
        Assert.Equal("test/busybox:base", (string?)parameters["baseImage"]);
        Assert.Equal(1_700_000_000, (long)parameters["sourceDateEpoch"]!);
        var baseDigest = (string)build.Manifest["annotations"]![Annotations.BaseDigest]!;
        var dependencies = predicate["buildDefinition"]!["resolvedDependencies"]!.AsArray();
        Assert.Equal(
            Digest.Hex(baseDigest),
            (string?)dependencies.Single(d => (string?)d!["name"] == "base-image")!["digest"]!["sha256"]
        );
    }

    [Fact]
    public void Two_builds_in_different_folders_give_identical_sbom_and_provenance_bytes()
    {
        using var first = new ImageBuild();
        using var second = new ImageBuild();
        first.Build();
        second.Build();

        var a = ReferrerAttacher.Attach(first.LayoutDirectory, Options(first));
        var b = ReferrerAttacher.Attach(second.LayoutDirectory, Options(second));

        Assert.Equal(a.Select(x => x.Manifest.Digest), b.Select(x => x.Manifest.Digest));
        Assert.Equal(File.ReadAllBytes(first.Layout.IndexPath), File.ReadAllBytes(second.Layout.IndexPath));
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(first.LayoutDirectory, ReferrerAttacher.ReferrersFile)),
            File.ReadAllBytes(Path.Combine(second.LayoutDirectory, ReferrerAttacher.ReferrersFile))
        );
        var sbom = Encoding.UTF8.GetString(SupplyChainFiles.Document(first.Layout, Sbom));
        Assert.DoesNotContain(first.Root, sbom);
        Assert.Equal(
            "urn:uuid:" + CycloneDxSbom.DerivedUuid(a[0].SubjectDigest + "|cyclonedx"),
            (string?)JsonNode.Parse(sbom)!["serialNumber"]
        );
    }

    [Fact]
    public void The_archive_lists_only_the_image()
    {
        using var build = new ImageBuild();
        build.Build();
        ReferrerAttacher.Attach(build.LayoutDirectory, Options(build));
        var archive = Path.Combine(build.Root, "faces.tar");

        OciArchiveWriter.Write(build.LayoutDirectory, archive, ["faces:1.2.3"]);

        using var unpacked = new TempDirectory("modelsdk-archive");
        Tools.RunOk("tar", "-xf", archive, "-C", unpacked.Path);
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(unpacked.Path, "index.json")))!;
        Assert.Single(index["manifests"]!.AsArray());
    }

    [Fact]
    public void The_schema_check_rejects_what_CycloneDX_1_6_does_not_allow()
    {
        var bad =
            """{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"model","name":"x","licenses":[{"license":{"id":"Not-A-Licence"}}]}]}""";

        Assert.NotEmpty(SupplyChainFiles.SchemaErrors(Encoding.UTF8.GetBytes(bad)));
    }

    private static string? Property(JsonObject component, string name) =>
        (string?)component["properties"]?.AsArray().FirstOrDefault(p => (string?)p!["name"] == name)?["value"];
}
