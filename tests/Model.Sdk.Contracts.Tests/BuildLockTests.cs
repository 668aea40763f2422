using System.Diagnostics;
using ModelSdk.Testing;

namespace ModelSdk.Contracts.Tests;

/// <summary>Two builds of one project take turns (issue #8 item 4).</summary>
public sealed class BuildLockTests
{
    [Fact]
    public void A_held_lock_makes_the_second_build_wait_then_fail_with_MODEL0032()
    {
        using var dir = new TempDirectory("lock");
        var file = dir.Combine("obj", "model.lock");
        using var first = BuildLock.Acquire(file, "Faces", TimeSpan.Zero);
        var waits = new List<string>();

        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<ModelSdkException>(() =>
            BuildLock.Acquire(file, "Faces", TimeSpan.FromMilliseconds(500), waits.Add)
        );

        Assert.Equal(ErrorCodes.BuildLocked, e.Code);
        Assert.Contains("Another build of Faces", e.Message);
        Assert.Contains("ModelBuildLockTimeout", e.Message);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(500));
        Assert.Contains("Waiting for another build of Faces", Assert.Single(waits));
    }

    [Fact]
    public async Task The_second_build_goes_on_as_soon_as_the_first_releases_the_lock()
    {
        using var dir = new TempDirectory("lock");
        var file = dir.Combine("model.lock");
        var first = BuildLock.Acquire(file, "Faces", TimeSpan.Zero);
        var release = Task.Run(() =>
        {
            Thread.Sleep(300);
            first.Dispose();
        });

        using var second = BuildLock.Acquire(file, "Faces", TimeSpan.FromSeconds(30));

        await release;
        Assert.Throws<ModelSdkException>(() => BuildLock.Acquire(file, "Faces", TimeSpan.Zero));
    }
}
