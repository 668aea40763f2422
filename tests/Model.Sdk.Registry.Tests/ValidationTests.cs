using ModelSdk.Registry.Tests.Support;

namespace ModelSdk.Registry.Tests;

public sealed class ValidationTests
{
    [Theory]
    [InlineData("localhost:5000/base:1", "localhost:5000", "base", "1", null)]
    [InlineData("ubuntu", "docker.io", "library/ubuntu", null, null)]
    [InlineData("user/app:2.0", "docker.io", "user/app", "2.0", null)]
    [InlineData(
        "registry.example.com/a/b/c@sha256:0000000000000000000000000000000000000000000000000000000000000000",
        "registry.example.com",
        "a/b/c",
        null,
        "sha256:0000000000000000000000000000000000000000000000000000000000000000"
    )]
    public void References_parse(string text, string registry, string repository, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(text);
        Assert.Equal(
            (registry, repository, tag, digest),
            (reference.Registry, reference.Repository, reference.Tag, reference.Digest)
        );
    }

    [Theory]
    [InlineData("", ErrorCodes.InvalidImageReference)]
    [InlineData("Upper/Case:1", ErrorCodes.InvalidImageReference)]
    [InlineData("localhost:5000/x:-bad", ErrorCodes.InvalidImageTag)]
    [InlineData("localhost:5000/x@sha256:short", ErrorCodes.InvalidImageReference)]
    public void Bad_references_are_coded(string text, string code) =>
        Assert.Equal(code, Assert.Throws<ModelSdkException>(() => ImageReference.Parse(text)).Code);

    [Fact]
    public async Task An_invalid_tag_is_rejected_before_anything_is_sent()
    {
        using var dir = new TempDirectory();
        TestLayout.Write(dir.Path, [("a", "b"u8.ToArray())]);
        using var client = Clients.Create();

        var e = await Assert.ThrowsAsync<ModelSdkException>(() =>
            client.PushAsync(dir.Path, $"127.0.0.1:{FreePort.Next()}", "x/y", ["1.0.0+build"])
        );

        Assert.Equal(ErrorCodes.InvalidImageTag, e.Code);
        Assert.Contains("1.0.0+build", e.Message);
    }

    [Fact]
    public async Task A_missing_layout_says_to_build_first()
    {
        using var dir = new TempDirectory();
        using var client = Clients.Create();

        var e = await Assert.ThrowsAsync<ModelSdkException>(() =>
            client.PushAsync(dir.Combine("image"), "127.0.0.1:1", "x/y", ["1"])
        );

        Assert.Equal(ErrorCodes.ImageLayoutInvalid, e.Code);
        Assert.Contains("dotnet build", e.Message);
    }

    [Fact]
    public async Task A_tampered_blob_is_caught_before_pushing()
    {
        using var registry = RegistryServer.Anonymous();
        using var dir = new TempDirectory();
        TestLayout.Write(dir.Path, [("a", TestLayout.RandomBytes(1000, 1))]);
        var layout = OciImageLayout.Open(dir.Path);
        var layer = layout.ReadManifest(layout.Root).Layers[0];
        var bytes = File.ReadAllBytes(layout.BlobPath(layer.Digest));
        bytes[700] ^= 0xff;
        File.WriteAllBytes(layout.BlobPath(layer.Digest), bytes);
        using var client = Clients.Create();

        var e = await Assert.ThrowsAsync<ModelSdkException>(() =>
            client.PushAsync(dir.Path, registry.Address, "x/tampered", ["1.0.0"])
        );

        Assert.Equal(ErrorCodes.BlobDigestMismatch, e.Code);
        Assert.Null(await client.TagDigestAsync(registry.Address, "x/tampered", "1.0.0"));
    }

    [Fact]
    public void Redactor_masks_every_registered_secret()
    {
        var redactor = new SecretRedactor();
        redactor.Add("hunter2-secret");
        redactor.Add("abc");
        Assert.Equal("password=*** abc", redactor.Redact("password=hunter2-secret abc"));
    }
}
