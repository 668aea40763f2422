using ModelSdk.Testing;

namespace ModelSdk.Oci.Tests;

/// <summary>The shared OCI types carry indexes of several manifests and artifact manifests without special cases.</summary>
public sealed class SpecTests
{
    [Fact]
    public void An_artifact_manifest_with_a_subject_round_trips_through_a_layout_index_of_two_manifests()
    {
        using var dir = new TempDirectory("modelsdk-spec");
        var layout = new OciLayout(dir.Path);
        var empty = layout.WriteBlob(MediaTypes.OciEmpty, "{}"u8.ToArray());
        var layer = layout.WriteBlob("application/spdx+json", "{\"spdxVersion\":\"SPDX-2.3\"}"u8.ToArray());
        var image = layout.WriteBlob(
            MediaTypes.OciManifest,
            OciJson.Bytes(Documents.Manifest(empty, [], new Dictionary<string, string>()))
        );
        var artifactBytes = OciJson.Bytes(
            Documents.Manifest(
                empty,
                [layer],
                new Dictionary<string, string> { [Annotations.Created] = "2023-11-14T22:13:20Z" },
                artifactType: "application/spdx+json",
                subject: image
            )
        );
        var artifact = layout.WriteBlob(MediaTypes.OciManifest, artifactBytes) with
        {
            ArtifactType = "application/spdx+json",
        };

        layout.WriteIndex([image with { Platform = new Platform("linux", "arm64", "v8") }, artifact]);

        var index = Manifest.Parse(File.ReadAllBytes(layout.IndexPath), null, "index.json");
        Assert.True(index.IsIndex);
        Assert.Equal(2, index.Manifests.Count);
        Assert.Equal(new Platform("linux", "arm64", "v8"), index.Manifests[0].Platform);
        Assert.Equal("application/spdx+json", index.Manifests[1].ArtifactType);
        var parsed = Manifest.Parse(layout.ReadBlob(index.Manifests[1].Digest), MediaTypes.OciManifest, "artifact");
        Assert.Equal(artifact.Digest, parsed.Digest);
        Assert.Equal("application/spdx+json", parsed.ArtifactType);
        Assert.Equal(image.Digest, parsed.Subject?.Digest);
        Assert.Equal([layer.Digest], parsed.Layers.Select(l => l.Digest));
        Assert.Equal("2023-11-14T22:13:20Z", parsed.Annotations[Annotations.Created]);
    }

    [Fact]
    public void Descriptor_json_keeps_the_field_order_digests_depend_on()
    {
        var descriptor = new Descriptor(MediaTypes.OciManifest, Digest.Of([1]), 1, new Platform("linux", "amd64"))
        {
            Annotations = new Dictionary<string, string> { [Annotations.RefName] = "1.0.0" },
        };

        var json = descriptor.ToJson().ToJsonString(OciJson.Options);

        Assert.Equal(
            "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
                + Digest.Of([1])
                + "\",\"size\":1,\"annotations\":{\"org.opencontainers.image.ref.name\":\"1.0.0\"},\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}",
            json
        );
        Assert.Equal(
            descriptor with
            {
                Annotations = null,
            },
            Descriptor.Parse(System.Text.Json.JsonDocument.Parse(json).RootElement, "t") with
            {
                Annotations = null,
            }
        );
    }
}
