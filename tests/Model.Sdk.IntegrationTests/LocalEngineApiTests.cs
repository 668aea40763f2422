using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>LocalRegistry=Podman loads through the engine API of a podman service of the test's own (DOCKER_HOST).</summary>
[Collection(SdkFeedCollection.Name)]
public sealed class LocalEngineApiTests(SdkFeed feed)
{
    [Fact]
    public async Task LocalRegistry_podman_streams_the_image_to_DOCKER_HOST_and_the_loaded_image_serves()
    {
        using var service = new PodmanService();
        var project = ModelProject.FromTemplate(feed, "ApiLoaded");
        var repository = $"modelpack-api-{Guid.NewGuid():N}";
        var build = feed.Dotnet(
            project.Directory,
            new Dictionary<string, string> { ["DOCKER_HOST"] = service.Address },
            "build",
            project.ProjectFile,
            "-c",
            "Release",
            "-nodeReuse:false",
            "-v:n",
            "-p:LocalRegistry=Podman",
            $"-p:ContainerRepository={repository}",
            "-p:Version=1.2.3"
        );

        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains($"through its API at {service.Address}", build.Output);
        Assert.Contains($"loaded into Podman: {repository}:1.2.3", build.Output);
        Assert.DoesNotContain("loading with the podman CLI", build.Output);
        await using var served = await ServedContainer.StartLoadedAsync(
            $"localhost/{repository}:1.2.3",
            project.Directory
        );
        using var live = await served.Http.GetAsync("/v2/health/live");
        Assert.True(live.IsSuccessStatusCode);
    }
}
