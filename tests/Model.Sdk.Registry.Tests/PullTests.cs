using ModelSdk.Registry.Tests.Support;

namespace ModelSdk.Registry.Tests;

public sealed class PullTests
{
    [Fact]
    public async Task Resolving_an_index_picks_linux_amd64_or_the_requested_platform()
    {
        using var registry = RegistryServer.Anonymous();
        using var dir = new TempDirectory();
        var (indexDigest, manifests) = TestLayout.WriteMultiPlatform(dir.Path, ["arm64", "amd64"]);
        using var client = Clients.Create();
        var push = await client.PushAsync(dir.Path, registry.Address, "base/multi", ["1"]);
        Assert.Equal(indexDigest, push.Digest);
        var reference = ImageReference.Parse($"{registry.Address}/base/multi:1");

        var amd64 = await client.ResolveAsync(reference);
        var arm64 = await client.ResolveAsync(reference, Platform.Parse("linux/arm64"));

        Assert.Equal(manifests["amd64"], amd64.Digest);
        Assert.Equal(indexDigest, amd64.Index!.Digest);
        Assert.Equal(manifests["arm64"], arm64.Digest);
        var e = await Assert.ThrowsAsync<ModelSdkException>(() =>
            client.ResolveAsync(reference, Platform.Parse("linux/s390x"))
        );
        Assert.Equal(ErrorCodes.PlatformNotFound, e.Code);
        Assert.Contains("linux/arm64", e.Message);
    }

    [Fact]
    public async Task Pull_downloads_verified_blobs_into_the_cache_and_reuses_them()
    {
        using var registry = RegistryServer.Anonymous();
        using var proxy = new FaultProxy(registry.Address);
        using var dir = new TempDirectory();
        using var cache = new TempDirectory();
        var digest = TestLayout.Write(
            dir.Path,
            [("model.onnx", TestLayout.RandomBytes(2 << 20, 5)), ("x", "y"u8.ToArray())]
        );
        using var client = Clients.Create();
        await client.PushAsync(dir.Path, registry.Address, "base/single", ["1"]);
        var reference = ImageReference.Parse($"{proxy.Address}/base/single:1");

        var pulled = await client.PullAsync(reference, cache.Path);

        Assert.Equal(digest, pulled.Image.Digest);
        foreach (var blob in pulled.Image.Layers.Append(pulled.Image.Config))
        {
            Assert.Equal(
                File.ReadAllBytes(Path.Combine(dir.Path, "blobs", "sha256", blob.Hex)),
                File.ReadAllBytes(pulled.BlobPath(blob.Digest))
            );
        }
        Assert.Equal(3, proxy.Count("GET", "/blobs/sha256:"));
        Assert.Empty(Directory.GetFiles(Path.Combine(cache.Path, "sha256"), "*.tmp"));

        proxy.ResetCounters();
        await client.PullAsync(reference, cache.Path);
        Assert.Equal(0, proxy.Count("GET", "/blobs/sha256:"));
    }

    [Fact]
    public async Task A_dropped_download_is_retried()
    {
        using var registry = RegistryServer.Anonymous();
        using var proxy = new FaultProxy(registry.Address);
        using var dir = new TempDirectory();
        using var cache = new TempDirectory();
        var digest = TestLayout.Write(dir.Path, [("model.onnx", TestLayout.RandomBytes(1 << 20, 9))]);
        using var client = Clients.Create();
        await client.PushAsync(dir.Path, registry.Address, "base/flaky", ["1"]);
        proxy.Inject("GET", "/blobs/sha256:", FaultKind.Status500, times: 2);

        var pulled = await client.PullAsync(ImageReference.Parse($"{proxy.Address}/base/flaky:1"), cache.Path);

        Assert.Equal(digest, pulled.Image.Digest);
    }

    [Fact]
    public async Task A_missing_image_is_a_coded_error()
    {
        using var registry = RegistryServer.Anonymous();
        using var client = Clients.Create();

        var e = await Assert.ThrowsAsync<ModelSdkException>(() =>
            client.ResolveAsync(ImageReference.Parse($"{registry.Address}/nothing/here:1"))
        );

        Assert.Equal(ErrorCodes.ImageNotFound, e.Code);
        Assert.Contains("ContainerBaseImage", e.Message);
    }
}
