using System.Text.Json.Nodes;
using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>
/// ContainerRuntimeIdentifiers="linux-x64;linux-arm64": one build writes an image index over the embedded base's two
/// platforms, reproducibly, dotnet publish pushes the index and both manifests, and the arm64 image serves the model
/// (under qemu on an amd64 machine) with the amd64 image's predictions.
/// </summary>
[Collection(SdkFeedCollection.Name)]
public sealed class MultiArchTests(SdkFeed feed)
{
    private const string TwoPlatforms = "-p:ContainerRuntimeIdentifiers=\"linux-x64;linux-arm64\"";
    private static readonly float[] Rows = [5.1f, 3.5f, 1.4f, 0.2f, 6.7f, 3.0f, 5.2f, 2.3f];

    [Fact]
    public void Two_platform_build_is_a_reproducible_index_and_publish_pushes_it_with_both_manifests()
    {
        var one = ModelProject.FromTemplate(feed, "Twoarch");
        var two = ModelProject.FromTemplate(feed, "Twoarch");
        var first = one.Build(TwoPlatforms);
        Assert.True(first.ExitCode == 0, first.Output);
        var second = two.Build(TwoPlatforms);
        Assert.True(second.ExitCode == 0, second.Output);

        var index = JsonNode.Parse(
            Run(one.Directory, "skopeo", "inspect", "--raw", $"oci:{one.ImageDirectory}:1.0.0")
        )!;
        Assert.Equal(
            ["linux/amd64", "linux/arm64"],
            index["manifests"]!.AsArray().Select(m => $"{m!["platform"]!["os"]}/{m["platform"]!["architecture"]}")
        );
        var digest = (string)
            JsonNode.Parse(File.ReadAllText(Path.Combine(one.ImageDirectory, "index.json")))!["manifests"]![0]![
                "digest"
            ]!;
        Assert.Equal(digest, File.ReadAllText(Path.Combine(one.OutputDirectory, "image.digest")).Trim());
        Assert.Equal(digest, File.ReadAllText(Path.Combine(two.OutputDirectory, "image.digest")).Trim());
        var twoIndex = Run(two.Directory, "skopeo", "inspect", "--raw", $"oci:{two.ImageDirectory}:1.0.0");
        Assert.Equal(index.ToJsonString(), JsonNode.Parse(twoIndex)!.ToJsonString());

        using var registry = RegistryServer.Anonymous();
        var publish = feed.Dotnet(
            one.Directory,
            [
                "publish",
                one.ProjectFile,
                "-c",
                "Release",
                "-nodeReuse:false",
                TwoPlatforms,
                $"-p:ContainerRegistry={registry.Address}",
            ]
        );
        Assert.True(publish.ExitCode == 0, publish.Output);
        var pushed = $"docker://{registry.Address}/twoarch";
        var tagged = Run(one.Directory, "skopeo", "inspect", "--raw", "--tls-verify=false", $"{pushed}:1.0.0");
        Assert.Equal(index.ToJsonString(), JsonNode.Parse(tagged)!.ToJsonString());
        Run(one.Directory, "skopeo", "inspect", "--raw", "--tls-verify=false", $"{pushed}@{digest}");
        foreach (var manifest in index["manifests"]!.AsArray())
        {
            var arch = (string)manifest!["platform"]!["architecture"]!;
            var config = Run(
                one.Directory,
                "skopeo",
                "inspect",
                "--config",
                "--tls-verify=false",
                $"{pushed}@{manifest["digest"]}"
            );
            Assert.Equal(arch, (string?)JsonNode.Parse(config)!["architecture"]);
        }
    }

    [Arm64EmulationFact]
    public async Task Arm64_image_serves_the_model_under_qemu_with_the_amd64_predictions()
    {
        var project = ModelProject.FromTemplate(feed, "Armserved");
        var build = project.Build(TwoPlatforms);
        Assert.True(build.ExitCode == 0, build.Output);
        var name = "localhost/multiarch-it-" + Guid.NewGuid().ToString("N")[..8];

        var predictions = new Dictionary<string, float[]>();
        foreach (var arch in new[] { "amd64", "arm64" })
        {
            Run(
                project.Directory,
                "skopeo",
                "copy",
                "--override-arch",
                arch,
                $"oci:{project.ImageDirectory}:1.0.0",
                $"containers-storage:{name}:{arch}"
            );
            await using var container = await ServedContainer.StartImageAsync(
                $"{name}:{arch}",
                project.Directory,
                ["--arch", arch],
                TimeSpan.FromMinutes(3)
            );
            Assert.Contains(
                $"\"{arch}\"",
                Run(
                    project.Directory,
                    "podman",
                    "image",
                    "inspect",
                    "--format",
                    "\"{{.Architecture}}\"",
                    $"{name}:{arch}"
                )
            );
            var outputs = await container.InferAsync("Armserved", Request());
            var output = outputs.Single(o => o.GetProperty("name").GetString() == "probabilities");
            predictions[arch] = output.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        }

        Assert.Equal(6, predictions["arm64"].Length);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(predictions["amd64"][i], predictions["arm64"][i], 1e-5f);
        }
    }

    private static object Request() =>
        new
        {
            inputs = new[]
            {
                new
                {
                    name = "input",
                    datatype = "FP32",
                    shape = new[] { 2, 4 },
                    data = Rows,
                },
            },
        };

    private static string Run(string directory, string tool, params string[] args)
    {
        var result = ProcessRunner.Run(tool, args, directory, timeout: TimeSpan.FromMinutes(5));
        Assert.True(result.ExitCode == 0, $"{tool} {string.Join(' ', args)}: {result.Output}");
        return result.Output;
    }
}
