using System.Text;
using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>dotnet publish pushes the built image to a real registry on loopback, and no secret reaches any log.</summary>
[Collection(SdkFeedCollection.Name)]
public sealed class PublishTests(SdkFeed feed)
{
    [Fact]
    public void Publish_pushes_the_image_with_its_digest_and_leaks_no_credential()
    {
        var password = "Pw-" + Guid.NewGuid().ToString("N");
        using var registry = RegistryServer.WithBasicAuth("modeler", password);
        var project = ModelProject.FromTemplate(feed, "Pushed");
        var binlog = Path.Combine(project.Directory, "publish.binlog");
        var credentials = new Dictionary<string, string>
        {
            ["MODELSDK_REGISTRY_USER"] = "modeler",
            ["MODELSDK_REGISTRY_PASSWORD"] = password,
        };

        var publish = feed.Dotnet(
            project.Directory,
            credentials,
            "publish",
            project.ProjectFile,
            "-c",
            "Release",
            "-nodeReuse:false",
            "-v:diag",
            $"-bl:{binlog}",
            $"-p:ContainerRegistry={registry.Address}"
        );

        Assert.True(publish.ExitCode == 0, publish.Output);
        var built = File.ReadAllText(Path.Combine(project.OutputDirectory, "image.digest")).Trim();
        var inspect = ProcessRunner.Run(
            "skopeo",
            [
                "inspect",
                "--tls-verify=false",
                "--creds",
                $"modeler:{password}",
                $"docker://{registry.Address}/pushed:1.0.0",
            ],
            project.Directory
        );
        Assert.True(inspect.ExitCode == 0, inspect.Output);
        Assert.Contains($"\"Digest\": \"{built}\"", inspect.Output);
        var published = Directory.GetFiles(project.OutputDirectory, "image.digest", SearchOption.AllDirectories);
        Assert.Contains(
            published,
            f => f.Contains("publish", StringComparison.Ordinal) && File.ReadAllText(f).Trim() == built
        );

        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"modeler:{password}"));
        foreach (var secret in new[] { password, basic })
        {
            Assert.DoesNotContain(secret, publish.Output);
            Assert.False(Contains(File.ReadAllBytes(binlog), secret), "the binary log holds a secret");
        }
    }

    [Fact]
    public void Publish_pushes_the_model_package_to_ModelPackageSource()
    {
        var project = ModelProject.FromTemplate(feed, "Packaged");
        var source = Path.Combine(project.Directory, "..", "package-source");

        var publish = feed.Dotnet(
            project.Directory,
            "publish",
            project.ProjectFile,
            "-c",
            "Release",
            "-nodeReuse:false",
            $"-p:ModelPackageSource={source}"
        );

        Assert.True(publish.ExitCode == 0, publish.Output);
        Assert.True(
            File.Exists(Path.Combine(source, "packaged.1.0.0.nupkg"))
                || File.Exists(Path.Combine(source, "Packaged.1.0.0.nupkg"))
        );
    }

    [Fact]
    public void ModelVersion_next_takes_the_next_patch_and_a_changed_image_cannot_reuse_a_published_version()
    {
        using var registry = RegistryServer.Anonymous();
        var project = ModelProject.FromTemplate(feed, "Versioned");
        string[] publish =
        [
            "publish",
            project.ProjectFile,
            "-c",
            "Release",
            "-nodeReuse:false",
            $"-p:ContainerRegistry={registry.Address}",
        ];
        Assert.Equal(0, feed.Dotnet(project.Directory, publish).ExitCode);

        var next = feed.Dotnet(project.Directory, [.. publish, "-p:ModelVersion=next"]);
        Assert.True(next.ExitCode == 0, next.Output);
        var tags = ProcessRunner.Run(
            "skopeo",
            ["list-tags", "--tls-verify=false", $"docker://{registry.Address}/versioned"],
            project.Directory
        );
        Assert.Contains("\"1.0.0\"", tags.Output);
        Assert.Contains("\"1.0.1\"", tags.Output);

        project.Write("labels.txt", "one\ntwo\nthree\n");
        var again = feed.Dotnet(project.Directory, publish);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("error MODEL0206", again.Output);
    }

    [Fact]
    public void Publish_refuses_DOTNET_CONTAINER_REGISTRY_PWORD_with_MODEL0220_and_pushes_nothing()
    {
        var password = "Pw-" + Guid.NewGuid().ToString("N");
        using var registry = RegistryServer.WithBasicAuth("modeler", password);
        var project = ModelProject.FromTemplate(feed, "Refused");
        var credentials = new Dictionary<string, string>
        {
            ["DOTNET_CONTAINER_REGISTRY_UNAME"] = "modeler",
            ["DOTNET_CONTAINER_REGISTRY_PWORD"] = password,
        };

        var publish = feed.Dotnet(
            project.Directory,
            credentials,
            "publish",
            project.ProjectFile,
            "-c",
            "Release",
            "-nodeReuse:false",
            $"-p:ContainerRegistry={registry.Address}"
        );

        Assert.NotEqual(0, publish.ExitCode);
        Assert.Contains("error MODEL0220", publish.Output);
        Assert.Contains("MODELSDK_REGISTRY_PASSWORD", publish.Output);
        Assert.DoesNotContain(password, publish.Output);
        var tags = ProcessRunner.Run(
            "skopeo",
            [
                "list-tags",
                "--tls-verify=false",
                "--creds",
                $"modeler:{password}",
                $"docker://{registry.Address}/refused",
            ],
            project.Directory
        );
        Assert.NotEqual(0, tags.ExitCode);
    }

    // A binary log is gzip-compressed; look in the decompressed stream.
    private static bool Contains(byte[] binlog, string secret)
    {
        using var gzip = new System.IO.Compression.GZipStream(
            new MemoryStream(binlog),
            System.IO.Compression.CompressionMode.Decompress
        );
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        var bytes = plain.ToArray();
        return Find(bytes, Encoding.UTF8.GetBytes(secret)) || Find(bytes, Encoding.Unicode.GetBytes(secret));
    }

    private static bool Find(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
