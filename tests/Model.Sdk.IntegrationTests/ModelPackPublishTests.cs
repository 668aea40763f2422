using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>dotnet publish pushes the ModelPack artifact beside the image; the registry receives the weights once.</summary>
[Collection(SdkFeedCollection.Name)]
public sealed partial class ModelPackPublishTests(SdkFeed feed)
{
    [Fact]
    public void Publish_pushes_a_ModelPack_artifact_that_shares_the_image_weight_blobs_and_a_second_push_sends_none()
    {
        using var registry = RegistryServer.Anonymous();
        var project = ModelProject.FromTemplate(feed, "Packed");
        string[] publish =
        [
            "publish",
            project.ProjectFile,
            "-c",
            "Release",
            "-nodeReuse:false",
            "-p:ModelPackPrecision=float32",
            $"-p:ContainerRegistry={registry.Address}",
        ];

        var first = feed.Dotnet(project.Directory, publish);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(File.Exists(Path.Combine(project.OutputDirectory, "modelpack", "index.json")));
        var image = Raw(project, $"{registry.Address}/packed:1.0.0");
        var pack = Raw(project, $"{registry.Address}/packed:1.0.0-modelpack");
        Assert.Equal("application/vnd.cncf.model.manifest.v1+json", (string?)pack["artifactType"]);
        Assert.Equal("application/vnd.cncf.model.config.v1+json", (string?)pack["config"]!["mediaType"]);
        var imageLayers = image["layers"]!.AsArray().Select(l => (string)l!["digest"]!).ToList();
        var weights = pack["layers"]!
            .AsArray()
            .Where(l => ((string)l!["mediaType"]!).StartsWith("application/vnd.cncf.model.weight.v1.tar"))
            .Select(l => (string)l!["digest"]!)
            .ToList();
        Assert.NotEmpty(weights);
        Assert.All(weights, w => Assert.Contains(w, imageLayers));
        Assert.All(weights, w => Assert.Equal(1, BlobUploads(registry, w)));
        // The first push of the artifact sends only what the image does not have: its config and doc layer.
        var own = pack["layers"]!
            .AsArray()
            .Where(l => !imageLayers.Contains((string)l!["digest"]!))
            .Sum(l => (long)l!["size"]!);
        var packDigest = File.ReadAllText(
                Directory.GetFiles(project.OutputDirectory, "modelpack.digest", SearchOption.AllDirectories).Single()
            )
            .Trim();
        Assert.Equal(own + (long)pack["config"]!["size"]!, BytesSent(first.Output, packDigest));

        var noOp = project.Build(
            "-v:d",
            "-nodeReuse:false",
            $"-p:ContainerRegistry={registry.Address}",
            "-p:ModelPackPrecision=float32"
        );
        Assert.True(noOp.ExitCode == 0, noOp.Output);
        Assert.Contains("Skipping target \"ModelPackArtifact\" because all output files are up-to-date", noOp.Output);

        var second = feed.Dotnet(project.Directory, publish);

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.All(weights, w => Assert.Equal(1, BlobUploads(registry, w)));
        Assert.Equal(0, BytesSent(second.Output, packDigest));
    }

    private static JsonNode Raw(ModelProject project, string reference)
    {
        var inspect = ProcessRunner.Run(
            "skopeo",
            ["inspect", "--raw", "--tls-verify=false", $"docker://{reference}"],
            project.Directory
        );
        Assert.True(inspect.ExitCode == 0, inspect.Output);
        return JsonNode.Parse(inspect.Output)!;
    }

    /// <summary>
    /// Completed blob uploads of one digest, from the registry's request log: the request that closes an upload
    /// (PUT, or a one-request POST) carries ?digest=sha256%3A&lt;hex&gt;.
    /// </summary>
    private static int BlobUploads(RegistryServer registry, string digest) =>
        registry
            .Log.Split('\n')
            .Count(l =>
                l.Contains("response completed", StringComparison.Ordinal)
                && l.Contains("/blobs/uploads/", StringComparison.Ordinal)
                && (
                    l.Contains("digest=" + digest, StringComparison.Ordinal)
                    || l.Contains("digest=sha256%3A" + digest["sha256:".Length..], StringComparison.Ordinal)
                )
            );

    /// <summary>The "bytes sent" of the publish line for <paramref name="digest"/>.</summary>
    private static long BytesSent(string output, string digest)
    {
        var match = PushedLine().Matches(output).LastOrDefault(m => m.Groups["digest"].Value == digest);
        Assert.True(match is not null, output);
        return long.Parse(match.Groups["bytes"].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Published \S+@(?<digest>sha256:\w+) \(\d+ blobs uploaded.*?(?<bytes>\d+) bytes sent\)")]
    private static partial Regex PushedLine();
}
