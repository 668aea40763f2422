using System.Net.Http.Json;
using System.Text.Json;
using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>
/// Deployment manifests with the tools that read them: podman kube play serves kubernetes.yaml, kubernetes-models and
/// the KServe CRD schemas validate every manifest, and podman runs the image the way KServe runs a modelcar.
/// </summary>
[Collection(SdkFeedCollection.Name)]
public sealed partial class DeployTests(SdkFeed feed)
{
    private static readonly string[] ManifestFiles = ["kubernetes.yaml", "kserve.yaml", "kserve-modelcar.yaml"];

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    [Fact]
    public async Task Published_manifests_run_under_podman_kube_play_and_serve_the_model()
    {
        using var registry = RegistryServer.Anonymous();
        var project = ModelProject.FromTemplate(feed, "Deployed");
        var name = Unique("deploy");
        var (rest, grpc) = (FreePort.Next(), FreePort.Next());
        // podman kube play publishes each containerPort on the same host port: free ones, not 8080/8081.
        project.SetProperty("ContainerPort", $"{rest};{grpc}");
        project.SetProperty("ModelDeployName", name);
        project.SetProperty("ModelCores", "0.5");
        project.SetProperty("ModelMaxMemoryMB", "256");
        project.AddToProject("""  <ItemGroup><ModelParameter Include="TOP_K" Type="int" Default="3" /></ItemGroup>""");
        var publish = feed.Dotnet(
            project.Directory,
            "publish",
            project.ProjectFile,
            "-c",
            "Release",
            $"-p:ContainerRegistry={registry.Address}"
        );
        Assert.True(publish.ExitCode == 0, publish.Output);
        var pushed = File.ReadAllText(Path.Combine(project.OutputDirectory, "publish", "image.digest")).Trim();
        var manifest = Path.Combine(project.OutputDirectory, "deploy", "kubernetes.yaml");
        var image = $"{registry.Address}/deployed@{pushed}";
        Assert.Contains($"image: \"{image}\"", File.ReadAllText(manifest));
        AssertValid(Path.Combine(project.OutputDirectory, "deploy"));

        // The registry is plain HTTP on loopback: --tls-verify=false for this pull only (no registries.conf change).
        var play = Podman(project.Directory, "kube", "play", "--tls-verify=false", manifest);
        try
        {
            Assert.True(play.ExitCode == 0, play.Output);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{rest}") };
            await WaitUntilReady(http, name);
            var response = await http.PostAsJsonAsync(
                "/v2/models/Deployed/infer",
                new
                {
                    inputs = new[]
                    {
                        new
                        {
                            name = "input",
                            datatype = "FP32",
                            shape = new[] { 1, 4 },
                            data = new[] { 5.1f, 3.5f, 1.4f, 0.2f },
                        },
                    },
                }
            );
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            var scores = JsonDocument
                .Parse(body)
                .RootElement.GetProperty("outputs")[0]
                .GetProperty("data")
                .EnumerateArray()
                .Select(e => e.GetSingle())
                .ToList();
            Assert.Equal(0, scores.IndexOf(scores.Max())); // the iris template model: setosa
            AssertPodmanHonored(project.Directory, $"{name}-pod-0-model");
        }
        finally
        {
            var down = Podman(project.Directory, "kube", "down", manifest);
            Assert.True(down.ExitCode == 0, down.Output);
            Assert.DoesNotContain(name, Podman(project.Directory, "pod", "ps", "--format", "{{.Name}}").Output);
            Podman(project.Directory, "volume", "rm", "-f", $"{name}-tmp");
            Podman(project.Directory, "rmi", "-f", image);
        }
    }

    /// <summary>What podman kube play applies of the manifest (the rest it ignores: see README, Deploy).</summary>
    private static void AssertPodmanHonored(string directory, string container)
    {
        var inspect = Podman(directory, "inspect", container);
        Assert.True(inspect.ExitCode == 0, inspect.Output);
        var c = JsonDocument.Parse(inspect.Output).RootElement[0];
        var host = c.GetProperty("HostConfig");
        Assert.True(host.GetProperty("ReadonlyRootfs").GetBoolean());
        Assert.Equal("1000:1000", c.GetProperty("Config").GetProperty("User").GetString());
        Assert.Equal(256L << 20, host.GetProperty("Memory").GetInt64());
        Assert.Equal(50000, host.GetProperty("CpuQuota").GetInt64());
        Assert.Contains("CAP_NET_RAW", host.GetProperty("CapDrop").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(
            "no-new-privileges",
            host.GetProperty("SecurityOpt").EnumerateArray().Select(e => e.GetString())
        );
        Assert.Contains(
            "MODEL_PARAM_TOP_K=3",
            c.GetProperty("Config").GetProperty("Env").EnumerateArray().Select(e => e.GetString())
        );
    }

    private static async Task WaitUntilReady(HttpClient http, string name, string? container = null)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(90); DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            try
            {
                using var ready = await http.GetAsync("/v2/health/ready");
                if (ready.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException) { }
        }
        Assert.Fail(
            "the pod did not become ready:\n"
                + Podman(Path.GetTempPath(), "logs", container ?? $"{name}-pod-0-model").Output
        );
    }

    [Fact]
    public void ModelManifests_alone_pins_the_local_digest_is_incremental_and_the_same_in_any_folder()
    {
        var project = ModelProject.FromTemplate(feed, "Local");
        project.SetProperty("ModelReplicas", "2");
        project.SetProperty("ModelCores", "1");
        project.SetProperty("ModelGpus", "1");
        project.SetProperty("ModelMaxReplicas", "5");
        project.SetProperty("ModelDeployNamespace", "models");
        project.AddToProject(
            """
              <ItemGroup>
                <ModelDeployLabel Include="team" Value="vision" />
                <ModelDeployAnnotation Include="example.com/owner" Value="a: b" />
                <ModelDeployEnvironmentVariable Include="MODEL_ORT_OPTIMIZATION" Value="basic" />
              </ItemGroup>
            """
        );
        var build = project.Build("-t:ModelManifests");
        Assert.True(build.ExitCode == 0, build.Output);
        var deploy = Path.Combine(project.OutputDirectory, "deploy");
        var digest = File.ReadAllText(Path.Combine(project.OutputDirectory, "image.digest")).Trim();
        var kubernetes = File.ReadAllText(Path.Combine(deploy, "kubernetes.yaml"));
        Assert.Contains($"image: local@{digest}", kubernetes);
        Assert.Contains("# Not pushed: the digest is the local build's", kubernetes);
        Assert.Contains("kind: HorizontalPodAutoscaler", kubernetes);
        AssertValid(deploy);

        var stamps = ManifestFiles.Select(f => File.GetLastWriteTimeUtc(Path.Combine(deploy, f))).ToList();
        var again = project.Build("-t:ModelManifests", "-v:n");
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains("Skipping target \"ModelManifests\"", again.Output);
        Assert.Equal(stamps, ManifestFiles.Select(f => File.GetLastWriteTimeUtc(Path.Combine(deploy, f))));

        var copy = Path.Combine(feed.NewDirectory("copy"), "Local");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(project.Directory))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        var other = feed.Build(Path.Combine(copy, "Local.modelproj"), "-c", "Release", "-t:ModelManifests");
        Assert.True(other.ExitCode == 0, other.Output);
        foreach (var file in ManifestFiles)
            Assert.Equal(
                File.ReadAllBytes(Path.Combine(deploy, file)),
                File.ReadAllBytes(Path.Combine(copy, "bin", "Release", "deploy", file))
            );
    }

    [Fact]
    public void Autoscaling_without_cores_is_MODEL0163_naming_the_project()
    {
        var project = ModelProject.FromTemplate(feed, "NoCores");
        project.SetProperty("ModelMaxReplicas", "3");
        var build = project.Build("-t:ModelManifests");
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains(
            $"{project.ProjectFile} : error MODEL0163: ModelMaxReplicas asks for a HorizontalPodAutoscaler",
            build.Output
        );
    }

    [Fact]
    public async Task Image_works_as_a_kserve_modelcar()
    {
        var project = ModelProject.FromTemplate(feed, "Modelcar");
        var repository = Unique("deploy-modelcar");
        project.SetProperty("ContainerRepository", repository);
        var archive = Path.Combine(project.Directory, "image.tar");
        var build = project.Build($"-p:ContainerArchiveOutputPath={archive}");
        Assert.True(build.ExitCode == 0, build.Output);
        var image = $"{repository}:1.0.0";
        Assert.True(Podman(project.Directory, "load", "-i", archive).ExitCode == 0);
        try
        {
            // What KServe's sidecar does: only args (they replace Cmd), the image's user, then a link through /proc.
            var run = Podman(
                project.Directory,
                "run",
                "--rm",
                "--user",
                "1000:1000",
                image,
                "sh",
                "-c",
                "test -n \"$(ls /models)\" && ln -sf /proc/$$/root/models /tmp/m && ls /tmp/m/ && ls -l /models"
            );
            Assert.True(run.ExitCode == 0, run.Output);
            Assert.Equal(
                Directory.GetFileSystemEntries(project.ModelDirectory).Select(Path.GetFileName).Order(),
                run.Output.Split('\n').TakeWhile(l => !l.StartsWith("lrwx")).Where(l => l.Length > 0).Order()
            );
            Assert.Contains("/models -> model", run.Output);
            await ServesThroughAModelcarSidecar(project.Directory, repository, image);
            var entrypoint = Podman(
                project.Directory,
                "image",
                "inspect",
                "--format",
                "{{json .Config.Entrypoint}}|{{json .Config.Cmd}}",
                image
            );
            Assert.Equal("null|[\"/app/Model.Runtime\"]", entrypoint.Output.Trim());
        }
        finally
        {
            Podman(project.Directory, "rmi", "-f", image);
        }
    }

    private static void AssertValid(string deployDirectory)
    {
        var validate = ProcessRunner.Run(
            "node",
            [
                Path.Combine(RepoRoot.Path, "tests", "Model.Sdk.IntegrationTests", "Deploy", "validate-manifests.mjs"),
                Path.Combine(RepoRoot.Path, "artifacts", "node-deploy", "node_modules"),
                .. ManifestFiles.Select(f => Path.Combine(deployDirectory, f)),
            ],
            deployDirectory
        );
        Assert.True(validate.ExitCode == 0, validate.Output);
        Assert.DoesNotContain("FAIL", validate.Output);
    }

    private static ProcessResult Podman(string directory, params string[] args) =>
        ProcessRunner.Run("podman", args, directory, timeout: TimeSpan.FromMinutes(3));
}
