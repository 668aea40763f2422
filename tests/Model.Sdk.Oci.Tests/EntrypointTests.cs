namespace ModelSdk.Oci.Tests;

/// <summary>An image that would run nothing is refused unless the user asked for one (issue #8 item 5).</summary>
public class EntrypointTests
{
    [Fact]
    public void A_base_without_entrypoint_or_cmd_is_MODEL0120_and_writes_no_image()
    {
        using var build = new ImageBuild();
        var request = build.Request() with { BaseImage = null, RequireEntrypoint = true };

        var error = Assert.Throws<ModelSdkException>(() => build.Build(request));

        Assert.Equal("MODEL0120", error.Code);
        Assert.Contains("ModelImageWithoutBase", error.Message);
        Assert.False(File.Exists(Path.Combine(build.LayoutDirectory, "index.json")));
    }

    [Fact]
    public void A_base_with_an_entrypoint_or_our_own_entrypoint_is_accepted()
    {
        using var withBase = new ImageBuild();
        withBase.Build(withBase.Request() with { RequireEntrypoint = true });
        Assert.Equal("/bin/ls", (string?)withBase.Config["config"]!["Entrypoint"]![0]);

        using var scratch = new ImageBuild();
        scratch.Build(scratch.Request() with { BaseImage = null, RequireEntrypoint = true, Entrypoint = ["/serve"] });
        Assert.Equal("/serve", (string?)scratch.Config["config"]!["Entrypoint"]![0]);
    }

    [Fact]
    public void Without_the_requirement_a_scratch_image_builds_as_asked()
    {
        using var build = new ImageBuild();
        build.Build(build.Request() with { BaseImage = null });
        Assert.Null(build.Config["config"]!["Entrypoint"]);
    }
}
