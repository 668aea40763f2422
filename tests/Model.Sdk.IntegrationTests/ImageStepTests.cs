using System.Security.Cryptography;
using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>ModelImageArchive and ModelImageLoad as targets of their own, and dotnet pack without the image.</summary>
[Collection(SdkFeedCollection.Name)]
public sealed class ImageStepTests(SdkFeed feed)
{
    [Fact]
    public void Pack_builds_the_contract_but_no_image_unless_asked_and_the_package_is_the_same()
    {
        var plain = ModelProject.FromTemplate(feed, "Packed");
        var asked = ModelProject.FromTemplate(feed, "Packed");

        var package = Pack(plain);
        var withImage = Pack(asked, "-p:ModelImageOnPack=true");

        Assert.True(File.Exists(Path.Combine(plain.ModelDirectory, "contract.json")));
        Assert.False(Directory.Exists(plain.ImageDirectory));
        Assert.False(File.Exists(Path.Combine(plain.OutputDirectory, "image.digest")));
        Assert.True(File.Exists(Path.Combine(asked.ImageDirectory, "index.json")));
        Assert.Equal(Convert.ToHexString(SHA256.HashData(package)), Convert.ToHexString(SHA256.HashData(withImage)));
    }

    [Fact]
    public void Archive_is_skipped_when_the_digest_is_the_same_and_rewritten_when_the_model_changes()
    {
        var project = ModelProject.FromTemplate(feed, "Archived");
        var archive = Path.Combine(project.Directory, "archived.tar");
        var first = project.Build("-p:ContainerArchiveOutputPath=archived.tar");
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains($"Archived -> OCI archive {archive}", first.Output);
        var written = File.GetLastWriteTimeUtc(archive);
        var digest = new OciLayoutFile(project.ImageDirectory).ManifestDigest;
        Assert.Contains(digest, ArchiveIndex(archive));

        var noOp = project.Build("-p:ContainerArchiveOutputPath=archived.tar", "-v:d");
        Assert.True(noOp.ExitCode == 0, noOp.Output);
        Assert.Contains("Skipping target \"ModelImageArchive\" because all output files are up-to-date", noOp.Output);
        Assert.Contains($"Archived -> OCI archive {archive}", noOp.Output);

        // A touched model file runs ModelImage again; the digest is the same, so the archive stays as it is.
        File.SetLastWriteTimeUtc(project.Path_("labels.txt"), DateTime.UtcNow.AddSeconds(5));
        var touched = project.Build("-p:ContainerArchiveOutputPath=archived.tar", "-v:d");
        Assert.True(touched.ExitCode == 0, touched.Output);
        Assert.Equal(digest, new OciLayoutFile(project.ImageDirectory).ManifestDigest);
        Assert.Contains(
            "Skipping target \"ModelImageArchive\" because all output files are up-to-date",
            touched.Output
        );
        Assert.Equal(written, File.GetLastWriteTimeUtc(archive));

        project.Write("labels.txt", "Setosa\nVersicolor\nVirginica\n");
        var changed = project.Build("-p:ContainerArchiveOutputPath=archived.tar");
        Assert.True(changed.ExitCode == 0, changed.Output);
        var newDigest = new OciLayoutFile(project.ImageDirectory).ManifestDigest;
        Assert.NotEqual(digest, newDigest);
        Assert.Contains(newDigest, ArchiveIndex(archive));
    }

    [Fact]
    public void LocalRegistry_podman_loads_the_image_once_through_its_own_target()
    {
        var project = ModelProject.FromTemplate(feed, "Loaded");
        var repository = $"plan-{Guid.NewGuid():N}";
        string[] options = ["-p:LocalRegistry=Podman", $"-p:ContainerRepository={repository}", "-p:Version=1.2.3"];
        try
        {
            var build = project.Build(options);
            Assert.True(build.ExitCode == 0, build.Output);
            Assert.Contains($"loaded into Podman: {repository}:1.2.3", build.Output);
            var exists = ProcessRunner.Run(
                "podman",
                ["image", "exists", $"localhost/{repository}:1.2.3"],
                project.Directory
            );
            Assert.True(exists.ExitCode == 0, exists.Output);
            Assert.False(File.Exists(Path.Combine(project.Directory, "obj", "modelimage", "image-load.tar")));

            var noOp = project.Build([.. options, "-v:d"]);
            Assert.True(noOp.ExitCode == 0, noOp.Output);
            Assert.Contains("Skipping target \"ModelImageLoad\" because all output files are up-to-date", noOp.Output);
            Assert.DoesNotContain("loaded into Podman", noOp.Output);
        }
        finally
        {
            ProcessRunner.Run("podman", ["rmi", "-f", $"localhost/{repository}:1.2.3"], project.Directory);
        }
    }

    private byte[] Pack(ModelProject project, params string[] extra)
    {
        var output = Path.Combine(project.Directory, "pkg");
        feed.Dotnet(
                project.Directory,
                ["pack", project.ProjectFile, "-c", "Release", "-o", output, "-nodeReuse:false", .. extra]
            )
            .EnsureSuccess("dotnet pack");
        return File.ReadAllBytes(Directory.GetFiles(output, "*.nupkg").Single());
    }

    private static string ArchiveIndex(string archive)
    {
        var tar = ProcessRunner.Run("tar", ["-xOf", archive, "index.json"], Path.GetDirectoryName(archive)!);
        Assert.True(tar.ExitCode == 0, tar.Output);
        return tar.Output;
    }
}
