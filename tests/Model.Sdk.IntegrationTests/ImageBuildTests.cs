using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>dotnet build of a model project writes an OCI image; real skopeo and umoci must accept it.</summary>
[Collection(SdkFeedCollection.Name)]
public sealed class ImageBuildTests(SdkFeed feed)
{
    [Fact]
    public void Build_writes_a_layout_that_skopeo_and_umoci_accept_with_the_printed_digest()
    {
        var project = ModelProject.FromTemplate(feed, "Image");

        var build = project.Build();

        Assert.True(build.ExitCode == 0, build.Output);
        var layout = new OciLayoutFile(project.ImageDirectory);
        var digest = File.ReadAllText(Path.Combine(project.OutputDirectory, "image.digest")).Trim();
        Assert.Equal(layout.ManifestDigest, digest);
        Assert.Contains(digest, build.Output);

        var inspect = ProcessRunner.Run("skopeo", ["inspect", $"oci:{project.ImageDirectory}"], project.Directory);
        Assert.True(inspect.ExitCode == 0, inspect.Output);
        Assert.Contains(digest, inspect.Output);

        using var unpacked = new TempDirectory("umoci");
        var bundle = Path.Combine(unpacked.Path, "bundle");
        var tag = TagOf(project);
        var unpack = ProcessRunner.Run(
            "umoci",
            ["unpack", "--image", $"{project.ImageDirectory}:{tag}", bundle],
            project.Directory
        );
        Assert.True(unpack.ExitCode == 0, unpack.Output);
        var root = Path.Combine(bundle, "rootfs", "model");
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(project.ModelDirectory, "contract.json")),
            File.ReadAllBytes(Path.Combine(root, "contract.json"))
        );
        Assert.True(File.Exists(Path.Combine(root, "files", "model.onnx")));
        Assert.True(File.Exists(Path.Combine(root, "contract.protobin")));
    }

    [Fact]
    public void Same_project_in_another_folder_with_another_umask_and_clock_gives_the_same_digest()
    {
        var first = ModelProject.FromTemplate(feed, "Repro");
        var second = ModelProject.FromTemplate(feed, "Repro");

        Assert.Equal(0, first.Build().ExitCode);
        Thread.Sleep(TimeSpan.FromSeconds(2));
        // The template files of the second copy get other modes and times, and the build runs under another umask and time zone.
        foreach (var file in Directory.GetFiles(second.Directory))
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(-3));
        var build = ProcessRunner.Run(
            "sh",
            [
                "-c",
                $"umask 077 && TZ=Pacific/Kiritimati dotnet build '{second.ProjectFile}' -c Release -nologo -nodeReuse:false --disable-build-servers",
            ],
            second.Directory,
            feed.CleanEnvironment()
        );
        Assert.True(build.ExitCode == 0, build.Output);

        Assert.Equal(
            new OciLayoutFile(first.ImageDirectory).ManifestDigest,
            new OciLayoutFile(second.ImageDirectory).ManifestDigest
        );
    }

    [Fact]
    public void Unchanged_project_skips_the_image_and_a_labels_change_replaces_only_the_last_layer()
    {
        var project = ModelProject.FromTemplate(feed, "Layers");
        Assert.Equal(0, project.Build().ExitCode);
        var before = new OciLayoutFile(project.ImageDirectory).LayerDigests;

        var noop = project.Build("-v:d");
        Assert.Contains("Skipping target \"ModelImage\" because all output files are up-to-date", noop.Output);

        // A deleted layout is rebuilt, not skipped because image.digest is still there.
        Directory.Delete(project.ImageDirectory, recursive: true);
        Assert.Equal(0, project.Build().ExitCode);
        Assert.Equal(before, new OciLayoutFile(project.ImageDirectory).LayerDigests);

        project.Write("labels.txt", "Setosa\nVersicolor\nVirginica\n");
        Assert.Equal(0, project.Build().ExitCode);
        var after = new OciLayoutFile(project.ImageDirectory).LayerDigests;

        Assert.Equal(before.Count, after.Count);
        Assert.Equal(before.Take(before.Count - 1), after.Take(after.Count - 1));
        Assert.NotEqual(before[^1], after[^1]);
    }

    private static string TagOf(ModelProject project)
    {
        using var index = System.Text.Json.JsonDocument.Parse(
            File.ReadAllText(Path.Combine(project.ImageDirectory, "index.json"))
        );
        return index
            .RootElement.GetProperty("manifests")[0]
            .GetProperty("annotations")
            .GetProperty("org.opencontainers.image.ref.name")
            .GetString()!;
    }
}
