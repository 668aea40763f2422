using ModelSdk.Testing;

namespace ModelSdk.Oci.Tests;

public sealed class RegistryBaseTests
{
    [Fact]
    public void A_base_pulled_from_a_loopback_registry_is_reused_by_digest()
    {
        using var registry = RegistryServer.Anonymous();
        var reference = $"{registry.Address}/test/busybox:1";
        Tools.RunOk(
            "skopeo",
            "copy",
            "--dest-tls-verify=false",
            $"oci:{TestBase.Directory}:base",
            $"docker://{reference}"
        );
        using var local = new ImageBuild();
        using var pulled = new ImageBuild();

        var fromLayout = local.Build(local.Request() with { BaseName = reference });
        var fromRegistry = pulled.Build(pulled.Request(reference) with { BaseName = null });

        // skopeo gzips the base layer on its way into the registry: same diff_ids (config), other base blob.
        Assert.Equal(fromLayout.Image.ConfigDigest, fromRegistry.Image.ConfigDigest);
        Assert.Equal(local.LayerDigests.Skip(1), pulled.LayerDigests.Skip(1));
        Assert.Equal(MediaTypes.OciLayerGzip, (string?)pulled.Manifest["layers"]![0]!["mediaType"]);
        var remoteManifest = Tools
            .RunOk("skopeo", "inspect", "--tls-verify=false", "--raw", $"docker://{reference}")
            .TrimEnd('\n');
        Assert.Equal(
            Digest.Of(System.Text.Encoding.UTF8.GetBytes(remoteManifest)),
            (string?)pulled.Manifest["annotations"]!["org.opencontainers.image.base.digest"]
        );
        Assert.Equal(reference, (string?)pulled.Manifest["annotations"]!["org.opencontainers.image.base.name"]);
        Tools.AssertValidLayout(pulled.LayoutDirectory, "1.2.3");
    }

    [Fact]
    public void A_missing_registry_image_is_a_coded_error()
    {
        using var registry = RegistryServer.Anonymous();
        using var build = new ImageBuild();

        var error = Assert.Throws<ModelSdkException>(() =>
            build.Build(build.Request($"{registry.Address}/nothing/here:1"))
        );

        Assert.Equal(ErrorCodes.ImageNotFound, error.Code);
        Assert.False(Directory.Exists(build.LayoutDirectory));
    }
}
