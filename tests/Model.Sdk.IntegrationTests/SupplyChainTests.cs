using System.Text.Json.Nodes;
using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>
/// End to end with the packed SDK: dotnet publish attaches an SBOM listing the embedded base's Debian packages and a
/// provenance statement to the image, pushes them as referrers (docker-registry 2.8: the referrers tag), and the
/// opt-out properties remove them without changing the image.
/// </summary>
[Collection(SdkFeedCollection.Name)]
public sealed class SupplyChainTests(SdkFeed feed)
{
    private const string Sbom = "application/vnd.cyclonedx+json";
    private const string Provenance = "application/vnd.in-toto+json";

    [Fact]
    public void Publish_pushes_an_sbom_of_the_embedded_base_and_a_provenance_statement_as_referrers()
    {
        using var registry = RegistryServer.Anonymous();
        var project = ModelProject.FromTemplate(feed, "Attested");

        var publish = feed.Dotnet(
            project.Directory,
            "publish",
            project.ProjectFile,
            "-c",
            "Release",
            $"-p:ContainerRegistry={registry.Address}"
        );

        Assert.True(publish.ExitCode == 0, publish.Output);
        var image = new OciLayoutFile(project.ImageDirectory).ManifestDigest;
        var artifacts = Artifacts(project.ImageDirectory);
        Assert.Equal([Sbom, Provenance], artifacts.Select(a => a.Type));
        var sbom = JsonNode.Parse(Document(project.ImageDirectory, artifacts[0].Manifest))!;
        var debs = sbom["components"]!
            .AsArray()
            .Where(c => ((string?)c!["purl"])?.StartsWith("pkg:deb/debian/") == true)
            .Select(c => (string?)c!["name"]);
        Assert.Equal(["busybox-static", "libc6", "libgcc-s1", "libstdc++6", "libturbojpeg0"], debs.Order());
        Assert.Contains(sbom["components"]!.AsArray(), c => (string?)c!["name"] == "Microsoft.ML.OnnxRuntime");
        Assert.Contains(sbom["components"]!.AsArray(), c => (string?)c!["type"] == "machine-learning-model");

        var tag = Raw(registry, $"attested:sha256-{image["sha256:".Length..]}");
        Assert.Equal(
            artifacts.Select(a => (string?)a.Manifest["digest"]),
            tag["manifests"]!.AsArray().Select(m => (string?)m!["digest"])
        );
        foreach (var entry in tag["manifests"]!.AsArray())
        {
            Assert.Equal(image, (string?)Raw(registry, $"attested@{entry!["digest"]}")["subject"]!["digest"]);
        }
    }

    [Fact]
    public void The_opt_out_properties_remove_the_documents_and_leave_the_image_as_it_is()
    {
        var project = ModelProject.FromTemplate(feed, "Unattested");
        var attested = project.Build();
        Assert.True(attested.ExitCode == 0, attested.Output);
        var image = new OciLayoutFile(project.ImageDirectory).ManifestDigest;
        Assert.Equal(2, Artifacts(project.ImageDirectory).Count);

        var without = project.Build("-p:ContainerGenerateSbom=false");
        Assert.True(without.ExitCode == 0, without.Output);
        Assert.Equal([Provenance], Artifacts(project.ImageDirectory).Select(a => a.Type));

        var neither = project.Build("-p:ContainerGenerateSbom=false", "-p:ContainerGenerateProvenance=false");
        Assert.True(neither.ExitCode == 0, neither.Output);
        Assert.Empty(Artifacts(project.ImageDirectory));
        Assert.Equal(image, new OciLayoutFile(project.ImageDirectory).ManifestDigest);
    }

    /// <summary>The artifacts referrers.json lists beside index.json (which lists only the image).</summary>
    private static List<(string Type, JsonObject Manifest)> Artifacts(string layout)
    {
        var path = Path.Combine(layout, "referrers.json");
        return !File.Exists(path)
            ? []
            : JsonNode.Parse(File.ReadAllText(path))!["manifests"]!
                .AsArray()
                .Select(m => ((string)m!["artifactType"]!, m.AsObject()))
                .ToList();
    }

    private static byte[] Document(string layout, JsonObject descriptor)
    {
        var manifest = JsonNode.Parse(File.ReadAllBytes(Blob(layout, (string)descriptor["digest"]!)))!;
        return File.ReadAllBytes(Blob(layout, (string)manifest["layers"]![0]!["digest"]!));
    }

    private static string Blob(string layout, string digest) =>
        Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]);

    private static JsonObject Raw(RegistryServer registry, string reference)
    {
        var result = ProcessRunner.Run(
            "skopeo",
            ["inspect", "--tls-verify=false", "--raw", $"docker://{registry.Address}/{reference}"],
            Path.GetTempPath()
        );
        Assert.True(result.ExitCode == 0, result.Output);
        return JsonNode.Parse(result.Output)!.AsObject();
    }
}
