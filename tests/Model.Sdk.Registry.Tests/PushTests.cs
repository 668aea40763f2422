using System.Text;
using System.Text.Json;
using ModelSdk.Registry.Tests.Support;

namespace ModelSdk.Registry.Tests;

public sealed class PushTests
{
    private static readonly (string, byte[])[] Files =
    [
        ("model.onnx", TestLayout.RandomBytes(300_000, 1)),
        ("contract.json", Encoding.UTF8.GetBytes("""{"inputs":[]}""")),
    ];

    [Fact]
    public async Task Push_to_anonymous_registry_is_readable_by_skopeo_with_the_same_digest()
    {
        using var registry = RegistryServer.Anonymous();
        using var dir = new TempDirectory();
        var digest = TestLayout.Write(dir.Path, Files);
        var progress = new ListProgress();
        using var client = Clients.Create(progress: progress);

        var result = await client.PushAsync(dir.Path, registry.Address, "models/faces", ["1.0.0", "latest"]);

        Assert.Equal(digest, result.Digest);
        Assert.Equal(3, result.BlobsUploaded);
        Assert.Equal(0, result.BlobsSkipped);
        Assert.Equal(3, progress.Count(BlobState.Uploaded));
        foreach (var tag in new[] { "1.0.0", "latest" })
        {
            var inspect = Tools.Run(
                "skopeo",
                ["inspect", "--tls-verify=false", $"docker://{registry.Address}/models/faces:{tag}"]
            );
            using var json = JsonDocument.Parse(inspect);
            Assert.Equal(digest, json.RootElement.GetProperty("Digest").GetString());
        }
        Assert.Equal(digest, await client.TagDigestAsync(registry.Address, "models/faces", "1.0.0"));
    }

    [Fact]
    public async Task Skopeo_copy_of_the_pushed_image_reproduces_the_layout_blobs()
    {
        using var registry = RegistryServer.Anonymous();
        using var dir = new TempDirectory();
        using var copy = new TempDirectory();
        var digest = TestLayout.Write(dir.Path, Files);
        using var client = Clients.Create();
        await client.PushAsync(dir.Path, registry.Address, "models/copy", ["2.0.0"]);

        Tools.Run(
            "skopeo",
            [
                "copy",
                "--src-tls-verify=false",
                "--preserve-digests",
                $"docker://{registry.Address}/models/copy:2.0.0",
                $"oci:{copy.Path}:x",
            ]
        );

        var original = Directory
            .GetFiles(Path.Combine(dir.Path, "blobs", "sha256"))
            .Select(Path.GetFileName)
            .Order()
            .ToList();
        var copied = Directory
            .GetFiles(Path.Combine(copy.Path, "blobs", "sha256"))
            .Select(Path.GetFileName)
            .Order()
            .ToList();
        Assert.Equal(original, copied);
        Assert.Contains(digest[7..], copied);
    }

    [Fact]
    public async Task Republishing_an_unchanged_image_uploads_no_blob()
    {
        using var registry = RegistryServer.Anonymous();
        using var proxy = new FaultProxy(registry.Address);
        using var dir = new TempDirectory();
        TestLayout.Write(dir.Path, Files);
        using var client = Clients.Create();
        await client.PushAsync(dir.Path, proxy.Address, "models/again", ["1.0.0"]);
        Assert.True(proxy.UploadedBytes > 300_000);
        proxy.ResetCounters();

        var progress = new ListProgress();
        using var second = Clients.Create(progress: progress);
        var result = await second.PushAsync(dir.Path, proxy.Address, "models/again", ["1.0.0"]);

        Assert.Equal(0, result.BlobsUploaded);
        Assert.Equal(3, result.BlobsSkipped);
        Assert.Equal(0, proxy.UploadedBytes);
        Assert.Equal(0, proxy.Count("POST", "/blobs/uploads/"));
        Assert.Equal(3, progress.Count(BlobState.Skipped));
    }

    [Fact]
    public async Task Changing_only_the_last_layer_uploads_only_that_layer_and_the_config()
    {
        using var registry = RegistryServer.Anonymous();
        using var proxy = new FaultProxy(registry.Address);
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        TestLayout.Write(first.Path, Files);
        TestLayout.Write(
            second.Path,
            [Files[0], ("contract.json", Encoding.UTF8.GetBytes("""{"inputs":[1]}"""))],
            tag: "1.0.1"
        );
        using var client = Clients.Create();
        await client.PushAsync(first.Path, proxy.Address, "models/delta", ["1.0.0"]);
        proxy.ResetCounters();

        var result = await client.PushAsync(second.Path, proxy.Address, "models/delta", ["1.0.1"]);

        Assert.Equal(2, result.BlobsUploaded);
        Assert.Equal(1, result.BlobsSkipped);
        // The big model layer is not sent again: only the small contract layer and config.
        Assert.True(proxy.UploadedBytes < 10_000, $"sent {proxy.UploadedBytes} bytes");
        Assert.Equal(proxy.UploadedBytes, result.BytesUploaded);
    }

    [Fact]
    public async Task Chunked_upload_honours_the_chunk_size_and_gives_the_same_digest()
    {
        using var registry = RegistryServer.Anonymous();
        using var proxy = new FaultProxy(registry.Address);
        using var dir = new TempDirectory();
        var digest = TestLayout.Write(dir.Path, [("model.onnx", TestLayout.RandomBytes(5 << 20, 7))]);
        using var client = Clients.Create(configure: o =>
            o.With(b =>
            {
                b.ForceChunked = true;
                b.ChunkSize = 2 << 20;
            })
        );

        var result = await client.PushAsync(dir.Path, proxy.Address, "models/chunked", ["1.0.0"]);

        Assert.Equal(digest, result.Digest);
        // 5 MiB (+ tar header) in 2 MiB chunks: 3 PATCHes for the layer, 1 for the config.
        Assert.Equal(4, proxy.Count("PATCH", "/blobs/uploads/"));
        var inspect = Tools.Run(
            "skopeo",
            ["inspect", "--tls-verify=false", $"docker://{proxy.Address}/models/chunked:1.0.0"]
        );
        Assert.Contains(digest, inspect);
    }

    [Fact]
    public async Task Blobs_of_another_repository_are_mounted_not_uploaded()
    {
        using var registry = RegistryServer.Anonymous();
        using var proxy = new FaultProxy(registry.Address);
        using var baseDir = new TempDirectory();
        using var appDir = new TempDirectory();
        TestLayout.Write(baseDir.Path, [Files[0]]);
        TestLayout.Write(
            appDir.Path,
            Files,
            annotations: new Dictionary<string, string> { [Annotations.BaseName] = $"{proxy.Address}/base/runtime:1" }
        );
        using var client = Clients.Create();
        await client.PushAsync(baseDir.Path, proxy.Address, "base/runtime", ["1"]);
        proxy.ResetCounters();

        var result = await client.PushAsync(appDir.Path, proxy.Address, "models/app", ["1.0.0"]);

        Assert.Equal(1, result.BlobsMounted);
        Assert.Equal(2, result.BlobsUploaded);
        Assert.True(proxy.UploadedBytes < 10_000, $"sent {proxy.UploadedBytes} bytes");
        Assert.True(proxy.Count("POST", "mount=") >= 1);
    }

    [Fact]
    public async Task Empty_tag_list_pushes_by_digest()
    {
        using var registry = RegistryServer.Anonymous();
        using var dir = new TempDirectory();
        var digest = TestLayout.Write(dir.Path, Files);
        using var client = Clients.Create();

        var result = await client.PushAsync(dir.Path, registry.Address, "models/untagged", []);

        Assert.Equal(digest, await client.TagDigestAsync(registry.Address, "models/untagged", digest));
        Assert.Empty(result.Tags);
    }
}
