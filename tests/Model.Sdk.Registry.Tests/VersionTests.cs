using Microsoft.AspNetCore.Http;
using ModelSdk.Registry.Tests.Support;

namespace ModelSdk.Registry.Tests;

public sealed class VersionTests
{
    [Theory]
    [InlineData(new string[0], "1.0.0")]
    [InlineData(new[] { "latest", "1.0.0" }, "1.0.1")]
    [InlineData(new[] { "1.2.9", "1.10.0", "1.9.99", "v1.10.3", "2.0.0-beta" }, "1.10.4")]
    [InlineData(new[] { "01.2.3", "1.2", "abc" }, "1.0.0")]
    public void Next_patch_follows_the_highest_release_semver_tag(string[] tags, string expected) =>
        Assert.Equal(expected, ModelVersions.NextPatch(tags));

    [Fact]
    public async Task Tags_are_listed_across_pages_and_next_version_follows_them()
    {
        using var registry = RegistryServer.Anonymous();
        using var proxy = new FaultProxy(registry.Address);
        using var dir = new TempDirectory();
        TestLayout.Write(dir.Path, [("a", "b"u8.ToArray())]);
        using var client = Clients.Create();
        Assert.Equal("1.0.0", await client.NextVersionAsync(proxy.Address, "versions/model"));
        await client.PushAsync(
            dir.Path,
            proxy.Address,
            "versions/model",
            ["1.0.0", "1.0.1", "1.2.0", "latest", "0.9.0"]
        );

        var tags = await client.ListTagsAsync(proxy.Address, "versions/model", pageSize: 2);

        Assert.Equal(new[] { "0.9.0", "1.0.0", "1.0.1", "1.2.0", "latest" }, tags.Order());
        Assert.Equal("1.2.1", await client.NextVersionAsync(proxy.Address, "versions/model"));
    }

    /// <summary>docker-registry 2.8 ignores ?n= on tags/list, so a small loopback server plays a paginating registry.</summary>
    [Fact]
    public async Task Tag_pages_are_followed_through_Link_headers()
    {
        var all = new[] { "1.0.0", "1.0.1", "1.1.0", "2.0.0", "2.0.1" };
        var pages = 0;
        using var server = new LoopbackHost(async context =>
        {
            if (context.Request.Path == "/v2/")
            {
                return;
            }
            Interlocked.Increment(ref pages);
            var n = int.Parse(context.Request.Query["n"].ToString());
            var last = context.Request.Query["last"].ToString();
            var rest = all.Where(t => string.CompareOrdinal(t, last) > 0).ToArray();
            var page = rest.Take(n).ToArray();
            if (rest.Length > n)
            {
                context.Response.Headers.Link = $"</v2/paged/tags/list?n={n}&last={page[^1]}>; rel=\"next\"";
            }
            await context.Response.WriteAsJsonAsync(new { name = "paged", tags = page });
        });
        using var client = Clients.Create();

        var tags = await client.ListTagsAsync(server.Address, "paged", pageSize: 2);

        Assert.Equal(all, tags);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Republishing_a_version_with_different_content_fails_unless_overwrite_is_allowed()
    {
        using var registry = RegistryServer.Anonymous();
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        var firstDigest = TestLayout.Write(first.Path, [("a", "one"u8.ToArray())]);
        var secondDigest = TestLayout.Write(second.Path, [("a", "two"u8.ToArray())]);
        using var client = Clients.Create();
        await client.PushAsync(first.Path, registry.Address, "versions/immutable", ["1.0.0", "latest"]);

        var e = await Assert.ThrowsAsync<ModelSdkException>(() =>
            client.PushAsync(second.Path, registry.Address, "versions/immutable", ["1.0.0", "latest"])
        );
        Assert.Equal(ErrorCodes.VersionAlreadyPublished, e.Code);
        Assert.Contains("ContainerAllowOverwrite", e.Message);
        Assert.Equal(firstDigest, await client.TagDigestAsync(registry.Address, "versions/immutable", "1.0.0"));
        Assert.Equal(firstDigest, await client.TagDigestAsync(registry.Address, "versions/immutable", "latest"));

        // The same image again is fine; "latest" may move; overwrite replaces the version.
        await client.PushAsync(first.Path, registry.Address, "versions/immutable", ["1.0.0"]);
        await client.PushAsync(second.Path, registry.Address, "versions/immutable", ["latest"]);
        await client.PushAsync(
            second.Path,
            registry.Address,
            "versions/immutable",
            ["1.0.0"],
            new PushOptions { AllowOverwrite = true }
        );
        Assert.Equal(secondDigest, await client.TagDigestAsync(registry.Address, "versions/immutable", "1.0.0"));
    }
}
