using System.Text.Json.Nodes;
using ModelSdk.Oci.SupplyChain;
using ModelSdk.Registry;
using ModelSdk.Testing;

namespace ModelSdk.Oci.Tests;

/// <summary>SBOM and provenance pushed to docker-registry 2.8, which has no referrers API: the referrers tag schema.</summary>
public sealed class SupplyChainPushTests
{
    [Fact]
    public async Task The_referrers_tag_lists_sbom_and_provenance_and_a_repush_uploads_nothing()
    {
        using var registry = RegistryServer.Anonymous();
        using var build = new ImageBuild();
        var digest = build.Build().Image.ManifestDigest;
        var attached = ReferrerAttacher.Attach(build.LayoutDirectory, Options(build, "1.0.0"));
        using var client = new RegistryClient();

        var first = await client.PushAsync(build.LayoutDirectory, registry.Address, "models/faces", ["1.2.3"]);
        var tagIndex = Raw(registry, $"models/faces:sha256-{Digest.Hex(digest)}");

        Assert.Equal(digest, first.Digest);
        Assert.Equal(MediaTypes.OciIndex, (string?)tagIndex["mediaType"]);
        var listed = tagIndex["manifests"]!.AsArray();
        Assert.Equal(attached.Select(a => a.Manifest.Digest), listed.Select(m => (string?)m!["digest"]));
        Assert.Equal(
            [CycloneDxSbom.MediaType, SlsaProvenance.MediaType],
            listed.Select(m => (string?)m!["artifactType"])
        );
        foreach (var entry in listed)
        {
            var referrer = Raw(registry, $"models/faces@{(string)entry!["digest"]!}");
            Assert.Equal(digest, (string?)referrer["subject"]!["digest"]);
        }

        var again = await client.PushAsync(build.LayoutDirectory, registry.Address, "models/faces", ["1.2.3"]);

        Assert.Equal(0, again.BlobsUploaded);
        Assert.Equal(
            tagIndex.ToJsonString(),
            Raw(registry, $"models/faces:sha256-{Digest.Hex(digest)}").ToJsonString()
        );
    }

    [Fact]
    public async Task New_referrers_are_merged_into_the_tag_and_the_old_entries_are_kept()
    {
        using var registry = RegistryServer.Anonymous();
        using var build = new ImageBuild();
        var digest = build.Build().Image.ManifestDigest;
        var old = ReferrerAttacher.Attach(build.LayoutDirectory, Options(build, "1.0.0"));
        using var client = new RegistryClient();
        await client.PushAsync(build.LayoutDirectory, registry.Address, "models/faces", ["1.2.3"]);

        // A newer SDK attaches another provenance statement to the same image.
        var newer = ReferrerAttacher.Attach(build.LayoutDirectory, Options(build, "1.1.0") with { Sbom = false });
        await client.PushAsync(build.LayoutDirectory, registry.Address, "models/faces", ["1.2.3"]);

        var listed = Raw(registry, $"models/faces:sha256-{Digest.Hex(digest)}")["manifests"]!.AsArray();
        Assert.Equal(old.Concat(newer).Select(a => a.Manifest.Digest), listed.Select(m => (string?)m!["digest"]));
    }

    private static SupplyChainOptions Options(ImageBuild build, string sdkVersion) =>
        new()
        {
            ImageName = "models/faces",
            Tags = ["1.2.3"],
            ModelDirectory = build.ModelDirectory,
            SdkVersion = sdkVersion,
        };

    private static JsonObject Raw(RegistryServer registry, string reference) =>
        JsonNode
            .Parse(
                Tools.RunOk(
                    "skopeo",
                    "inspect",
                    "--tls-verify=false",
                    "--raw",
                    $"docker://{registry.Address}/{reference}"
                )
            )!
            .AsObject();
}
