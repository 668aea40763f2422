using ModelSdk.Testing;

namespace ModelSdk.Oci.Tests;

/// <summary>podman (as root, runc, cgroupfs; see eng/install-deps.sh) loads and runs the images.</summary>
public sealed class PodmanTests
{
    [Fact]
    public void Podman_loads_the_archive_and_runs_the_image()
    {
        using var build = new ImageBuild();
        var archive = Path.Combine(build.Root, "faces.tar");
        var repository = $"localhost/modelsdk-test-{Guid.NewGuid():N}";
        var outcome = build.Build(build.Request() with { Repository = repository[10..] });
        OciArchiveWriter.Write(build.LayoutDirectory, archive, outcome.RepositoryTags);
        var image = $"{repository}:1.2.3";
        try
        {
            Tools.RunOk("podman", "load", "-i", archive);

            var contract = Tools.RunOk(
                "podman",
                "run",
                "--rm",
                "--network=none",
                "--entrypoint",
                "/bin/cat",
                image,
                "/model/contract.json"
            );
            var listing = Tools.RunOk("podman", "run", "--rm", "--network=none", image);
            var user = Tools.RunOk(
                "podman",
                "run",
                "--rm",
                "--network=none",
                "--entrypoint",
                "/bin/sh",
                image,
                "-c",
                "echo $(id -u):$MODEL_PARAM_THRESHOLD"
            );

            Assert.Equal(File.ReadAllText(Path.Combine(build.ModelDirectory, "contract.json")).Trim(), contract.Trim());
            Assert.Contains("faces.onnx", listing);
            Assert.Contains("1000:0.5", user);
            Assert.Contains(
                outcome.Image.ConfigDigest[7..19],
                Tools.RunOk("podman", "images", "--no-trunc", "--format", "{{.ID}}", image)
            );
        }
        finally
        {
            Tools.Run("podman", "rmi", "-f", image);
        }
    }

    [Fact]
    public void LocalRegistry_podman_loads_and_tags_every_tag()
    {
        using var build = new ImageBuild();
        var repository = $"modelsdk-test-{Guid.NewGuid():N}";
        var outcome = build.Build(build.Request() with { Repository = repository, Tags = ["1.2.3", "latest"] });
        LocalEngineLoader.Load(
            LocalEngines.For("Podman"),
            build.LayoutDirectory,
            null,
            build.CacheDirectory,
            outcome.RepositoryTags
        );
        try
        {
            Tools.RunOk("podman", "image", "exists", $"localhost/{repository}:1.2.3");
            Tools.RunOk("podman", "image", "exists", $"localhost/{repository}:latest");
        }
        finally
        {
            Tools.Run("podman", "rmi", "-f", $"localhost/{repository}:1.2.3", $"localhost/{repository}:latest");
        }
    }

    [Fact]
    public void An_unknown_local_registry_is_a_coded_error()
    {
        var error = Assert.Throws<ModelSdkException>(() => LocalEngines.For("Containerd"));
        Assert.Equal(ErrorCodes.LocalRegistryInvalid, error.Code);
    }

    [Fact]
    public void A_missing_engine_is_a_coded_error_that_says_how_to_start_one()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':')
            .Any(d => File.Exists(Path.Combine(d, "docker")));
        if (onPath)
        {
            return; // this machine has Docker: the error path cannot be reached here
        }
        using var build = new ImageBuild();
        var outcome = build.Build();

        var error = Assert.Throws<ModelSdkException>(() =>
            LocalEngineLoader.Load(
                LocalEngines.For("Docker"),
                build.LayoutDirectory,
                null,
                build.CacheDirectory,
                outcome.RepositoryTags
            )
        );

        Assert.Equal(ErrorCodes.LocalRegistryUnavailable, error.Code);
        Assert.Contains("start", error.Message);
        Assert.Empty(Directory.GetFiles(build.CacheDirectory, "*.tar"));
    }
}
