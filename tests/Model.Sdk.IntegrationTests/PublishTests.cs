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
