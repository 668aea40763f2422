using ModelSdk.Registry.Tests.Support;

namespace ModelSdk.Registry.Tests;

/// <summary>The push plan comes from the layout alone; the registry's state is added by a probe.</summary>
public sealed class PushPlanTests
{
    [Fact]
    public void Plan_lists_the_blobs_the_version_tags_to_check_and_the_base_repository_to_mount_from()
    {
        using var dir = new TempDirectory();
        var digest = TestLayout.Write(
            dir.Path,
            [("a.txt", "hello"u8.ToArray()), ("b.txt", "world"u8.ToArray())],
            annotations: new Dictionary<string, string> { [Annotations.BaseName] = "registry.test/base/runtime:1" }
        );

        var plan = PushPlan.FromLayout(
            OciImageLayout.Open(dir.Path),
            "registry.test",
            ["1.0.0", "latest", "v2"],
            new PushOptions { MountFrom = ["shared/blobs"] }
        );

        Assert.Equal(digest, plan.Root.Digest);
        Assert.Equal(3, plan.Blobs.Count); // config and two layers
        Assert.Equal(["1.0.0", "v2"], plan.TagsToCheck);
        Assert.Equal(["shared/blobs", "base/runtime"], plan.MountSources);
        Assert.Equal(3, plan.Missing.Count());
    }

    [Fact]
    public async Task Registry_state_splits_present_from_missing_and_overwrite_checks_no_tag()
    {
        using var dir = new TempDirectory();
        TestLayout.Write(dir.Path, [("a.txt", "hello"u8.ToArray())]);
        var plan = PushPlan.FromLayout(
            OciImageLayout.Open(dir.Path),
            "registry.test",
            ["1.0.0"],
            new PushOptions { AllowOverwrite = true }
        );
        var config = plan.Root.Config!;

        var probed = await plan.WithRegistryState(
            (blob, _) => Task.FromResult(blob.Digest == config.Digest),
            2,
            CancellationToken.None
        );

        Assert.Empty(plan.TagsToCheck);
        Assert.Equal([config.Digest], probed.Present.Select(b => b.Digest));
        Assert.DoesNotContain(probed.Missing, b => b.Digest == config.Digest);
        Assert.Equal(plan.Blobs.Count - 1, probed.Missing.Count());
    }
}
