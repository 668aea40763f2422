using System.IO.Compression;
using ModelSdk.Onnx;
using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>What dotnet build ships is exactly the project's current inputs (issue #8 items 1, 3, 4, 6, 7; #9 item 6).</summary>
[Collection(SdkFeedCollection.Name)]
public sealed class BuildTrustTests(SdkFeed feed)
{
    private static readonly DateTime NpmEpoch = new(1985, 10, 26, 8, 15, 0, DateTimeKind.Utc);

    [Fact]
    public void Model_and_labels_replaced_by_older_files_rebuild_the_model_folder_and_image()
    {
        var project = ModelProject.FromTemplate(feed, "Older");
        Succeeds(project.Build());
        var digest = File.ReadAllText(project.OutputDirectory + "/image.digest");

        var model = new OnnxModelBuilder()
            .Input("features", OnnxElementType.Float, OnnxType.Shape("N", 4))
            .Output("scores", OnnxElementType.Float, OnnxType.Shape("N", 3))
            .ToBytes();
        File.WriteAllBytes(project.Path_("model.onnx"), model);
        project.Write("labels.txt", "alpha\nbeta\ngamma\n");
        File.SetLastWriteTimeUtc(project.Path_("model.onnx"), NpmEpoch);
        File.SetLastWriteTimeUtc(project.Path_("labels.txt"), NpmEpoch);
        Succeeds(project.Build());

        Assert.Equal(model, File.ReadAllBytes(Path.Combine(project.ModelDirectory, "files", "model.onnx")));
        Assert.Equal("alpha\nbeta\ngamma\n", File.ReadAllText(Path.Combine(project.ModelDirectory, "labels.txt")));
        Assert.Contains("features", File.ReadAllText(Path.Combine(project.ModelDirectory, "contract.json")));
        Assert.NotEqual(digest, File.ReadAllText(project.OutputDirectory + "/image.digest"));

        // Nothing changed since: both steps are skipped again.
        var noop = Succeeds(project.Build("-v:d"));
        Assert.Contains("Skipping target \"ModelContract\" because all output files are up-to-date", noop);
        Assert.Contains("Skipping target \"ModelImage\" because all output files are up-to-date", noop);
    }

    [Fact]
    public void Model_files_in_bin_are_hard_links_to_the_project_files()
    {
        var project = ModelProject.FromTemplate(feed, "Linked");
        Succeeds(project.Build());

        Assert.Equal(
            Inode(project.Path_("model.onnx")),
            Inode(Path.Combine(project.ModelDirectory, "files", "model.onnx"))
        );
    }

    [Fact]
    public void Temporaries_of_a_killed_build_are_removed_and_never_packed()
    {
        var project = ModelProject.FromTemplate(feed, "Killed");
        Succeeds(project.Build());
        // What a build killed while writing the model leaves: a temporary beside it, and an edit not built yet.
        var leftover = Path.Combine(project.ModelDirectory, "files", $".model.onnx.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(leftover, new byte[1 << 20]);
        project.Write("labels.txt", "setosa\nversicolor\nvirginica-new\n");

        Succeeds(project.Build());
        Assert.False(File.Exists(leftover));

        var output = Path.Combine(project.Directory, "pkg");
        Succeeds(
            feed.Dotnet(
                project.Directory,
                "pack",
                project.ProjectFile,
                "-c",
                "Release",
                "-o",
                output,
                "-nodeReuse:false"
            )
        );
        using var zip = ZipFile.OpenRead(Directory.GetFiles(output, "*.nupkg").Single());
        Assert.DoesNotContain(zip.Entries, e => e.FullName.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_build_waits_for_another_build_of_the_project_and_says_so()
    {
        var project = ModelProject.FromTemplate(feed, "Locked");
        Succeeds(project.Build());
        project.Write("labels.txt", "setosa\nversicolor\nvirginica-2\n");

        var lockFile = Path.Combine(project.Directory, "obj", "model.lock");
        using (new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var blocked = project.Build("-p:ModelBuildLockTimeout=3");
            Assert.NotEqual(0, blocked.ExitCode);
            Assert.Contains("Waiting for another build of", blocked.Output);
            Assert.Contains("error MODEL0032:", blocked.Output);
        }

        // Two builds at once of a changed project both succeed and agree.
        project.Write("labels.txt", "setosa\nversicolor\nvirginica-3\n");
        var builds = new[] { Task.Run(() => project.Build()), Task.Run(() => project.Build()) };
        foreach (var build in await Task.WhenAll(builds))
            Succeeds(build);
        Assert.Contains("virginica-3", File.ReadAllText(Path.Combine(project.ModelDirectory, "labels.txt")));
    }

    [Fact]
    public void Labels_linked_to_a_file_outside_the_project_are_MODEL0030_and_nothing_ships()
    {
        var outside = feed.NewDirectory("outside");
        var secret = Path.Combine(outside, "secret.txt");
        File.WriteAllText(secret, "s3cr3t-one\ns3cr3t-two\n");
        var project = ModelProject.FromTemplate(feed, "Escape");
        File.Delete(project.Path_("labels.txt"));
        File.CreateSymbolicLink(project.Path_("labels.txt"), secret);

        var build = project.Build();

        Assert.NotEqual(0, build.ExitCode);
        var line = ErrorLine(build.Output, "MODEL0030");
        Assert.Contains(project.Path_("labels.txt"), line);
        Assert.Contains(secret, line);
        Assert.False(
            Directory.Exists(project.ModelDirectory)
                && Directory.EnumerateFileSystemEntries(project.ModelDirectory).Any()
        );

        // Through a linked folder: the same.
        File.Delete(project.Path_("labels.txt"));
        Directory.CreateSymbolicLink(project.Path_("data"), outside);
        project.RemoveFromProject("""<Model Update="model.onnx" Labels="labels.txt" />""");
        project.AddToProject("""<ItemGroup><Model Update="model.onnx" Labels="data/secret.txt" /></ItemGroup>""");
        var folder = project.Build();
        Assert.NotEqual(0, folder.ExitCode);
        Assert.Contains(project.Path_("data"), ErrorLine(folder.Output, "MODEL0030"));
        Assert.DoesNotContain("s3cr3t", folder.Output);
    }

    [Theory]
    [InlineData("model.onnx")]
    [InlineData("labels.txt")]
    public void A_fifo_input_is_MODEL0031_and_the_build_ends(string name)
    {
        var project = ModelProject.FromTemplate(feed, "Fifo");
        File.Delete(project.Path_(name));
        ProcessRunner.Run("mkfifo", [project.Path_(name)], project.Directory).EnsureSuccess("mkfifo");

        var build = BuildWithTimeout(project);

        Assert.NotEqual(0, build.ExitCode);
        var line = ErrorLine(build.Output, "MODEL0031");
        Assert.Contains("FIFO", line);
        Assert.Contains(name, line);
    }

    [Fact]
    public void A_character_device_listed_as_a_model_is_reported_as_one()
    {
        var project = ModelProject.Create(
            feed,
            "Device",
            """
              <PropertyGroup><EnableDefaultModelItems>false</EnableDefaultModelItems></PropertyGroup>
              <ItemGroup><Model Include="/dev/zero" /></ItemGroup>
            """
        );

        var build = BuildWithTimeout(project);

        Assert.NotEqual(0, build.ExitCode);
        var line = ErrorLine(build.Output, "MODEL0031");
        Assert.Contains("character device", line);
        Assert.DoesNotContain("0 bytes", build.Output);
    }

    private ProcessResult BuildWithTimeout(ModelProject project) =>
        ProcessRunner.Run(
            "dotnet",
            ["build", project.ProjectFile, "-c", "Release", "-nologo", "-nodeReuse:false", "--disable-build-servers"],
            project.Directory,
            feed.CleanEnvironment(),
            TimeSpan.FromMinutes(3)
        );

    private static string Succeeds(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.Output);
        return result.Output;
    }

    private static string ErrorLine(string output, string code)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.Contains($"error {code}:"));
        Assert.True(line is not null, $"expected error {code} in:\n{output}");
        return line;
    }

    private static string Inode(string path) =>
        ProcessRunner
            .Run("stat", ["-c", "%d:%i", path], Path.GetDirectoryName(path)!)
            .EnsureSuccess("stat")
            .Output.Trim();
}
