namespace ModelSdk.IntegrationTests;

/// <summary>What a real dotnet build prints: codes before restore, absolute output paths, outputs on no-op builds.</summary>
[Collection(SdkFeedCollection.Name)]
public sealed class MessageTests(SdkFeed feed)
{
    [Fact]
    public void A_version_restore_cannot_parse_is_MODEL0007_not_MSB4181()
    {
        var project = ModelProject.FromTemplate(feed, "Versioned");

        var build = project.Build("-p:Version=1.x");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error MODEL0007: Version '1.x' is not a SemVer 2 version", build.Output);
        Assert.Contains(project.ProjectFile, build.Output);
        Assert.DoesNotContain("MSB4181", build.Output);
    }

    [Fact]
    public void Every_build_prints_its_outputs_as_absolute_paths_even_when_up_to_date()
    {
        var project = ModelProject.FromTemplate(feed, "Faces");
        var parent = Path.GetDirectoryName(project.Directory)!;

        // As the README does it: from the parent folder, with a relative archive path.
        var first = feed.Dotnet(
            parent,
            "build",
            "Faces",
            "-c",
            "Release",
            "-nodeReuse:false",
            "-p:ContainerArchiveOutputPath=faces.tar"
        );
        var again = feed.Dotnet(
            parent,
            "build",
            "Faces",
            "-c",
            "Release",
            "-nodeReuse:false",
            "-p:ContainerArchiveOutputPath=faces.tar"
        );

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(again.ExitCode == 0, again.Output);
        var archive = Path.Combine(project.Directory, "faces.tar");
        Assert.True(File.Exists(archive), $"no archive at {archive}");
        Assert.False(File.Exists(Path.Combine(parent, "faces.tar")));
        var digest = File.ReadAllText(Path.Combine(project.OutputDirectory, "image.digest")).Trim();
        foreach (var output in new[] { first.Output, again.Output })
        {
            Assert.Contains($"Faces -> {project.ModelDirectory}{Path.DirectorySeparatorChar}", output);
            Assert.Contains(
                $"Faces -> image {digest} in {project.ImageDirectory}{Path.DirectorySeparatorChar}",
                output
            );
            Assert.Contains($"Faces -> OCI archive {archive}", output);
        }
        Assert.DoesNotContain("OCI archive: faces.tar", first.Output);
    }

    [Fact]
    public void The_readme_loads_the_archive_from_where_the_build_writes_it()
    {
        var readme = File.ReadAllText(Path.Combine(Testing.RepoRoot.Path, "README.md"));

        Assert.Contains("dotnet build Faces -p:ContainerArchiveOutputPath=faces.tar", readme);
        Assert.Contains("podman load -i Faces/faces.tar", readme);
        Assert.DoesNotContain("podman load -i faces.tar", readme);
    }

    [Fact]
    public void Packing_the_sdk_without_its_base_image_fails()
    {
        using var output = new Testing.TempDirectory("pack-without-base");
        var project = Path.Combine(Testing.RepoRoot.Path, "sdk", "Model.Sdk.csproj");

        // --no-build: the check runs before anything is built or written (eng/test.sh has packed, so assets exist).
        var pack = feed.Dotnet(
            output.Path,
            "pack",
            project,
            "--no-build",
            "-c",
            "Release",
            "-o",
            output.Path,
            "-nodeReuse:false",
            "-p:ModelSdkBaseImageDirectory=/nonexistent/base-image/"
        );

        Assert.NotEqual(0, pack.ExitCode);
        Assert.Contains("The default base image is missing (/nonexistent/base-image/index.json)", pack.Output);
        Assert.Empty(Directory.GetFiles(output.Path, "*.nupkg"));
    }
}
