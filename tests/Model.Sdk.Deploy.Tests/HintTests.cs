using ModelSdk.ContractModel;
using YamlDotNet.RepresentationModel;

namespace ModelSdk.Deploy.Tests;

public class HintTests
{
    private const string Container = "spec.template.spec.containers.0";

    [Fact]
    public void No_hint_writes_no_resources_block_no_replicas_and_no_autoscaler()
    {
        using var fixture = new DeployFixture();
        var files = fixture.Render();
        foreach (var (name, text) in files)
        {
            Assert.DoesNotContain("resources:", text);
            Assert.DoesNotContain("Replicas", text);
            Assert.DoesNotContain("nvidia.com/gpu", text);
        }
        var docs = DeployFixture.Parse(files["kubernetes.yaml"]);
        Assert.Equal(["Deployment", "Service"], docs.Select(d => d.Text("kind")));
        Assert.Null(docs.Kind("Deployment").At("spec.replicas"));
    }

    [Fact]
    public void Zero_hints_are_no_hints()
    {
        using var fixture = new DeployFixture(
            new ResourceDetails
            {
                Cores = 0,
                MaxMemoryMB = 0,
                Gpus = 0,
                Replicas = 0,
            }
        );
        Assert.All(fixture.Render().Values, text => Assert.DoesNotContain("resources:", text));
        Assert.All(fixture.Render().Values, text => Assert.DoesNotContain("replicas", text));
    }

    [Theory]
    [InlineData(2.0, null, null, "2", null, null)]
    [InlineData(0.5, null, null, "500m", null, null)]
    [InlineData(1.25, null, null, "1250m", null, null)]
    [InlineData(null, 512L, null, null, "512Mi", null)]
    [InlineData(null, null, 1L, null, null, "1")]
    [InlineData(4.0, 2048L, 2L, "4", "2048Mi", "2")]
    [InlineData(0.1, 64L, null, "100m", "64Mi", null)]
    public void Cores_memory_and_gpus_become_requests_and_limits(
        double? cores,
        long? memory,
        long? gpus,
        string? cpu,
        string? mem,
        string? gpu
    )
    {
        using var fixture = new DeployFixture(
            new ResourceDetails
            {
                Cores = cores,
                MaxMemoryMB = memory,
                Gpus = gpus,
            }
        );
        var files = fixture.Render();
        var containers = new List<YamlNode>
        {
            DeployFixture.Parse(files["kubernetes.yaml"]).Kind("Deployment").At(Container)!,
            DeployFixture.Parse(files["kserve.yaml"]).Kind("InferenceService").At("spec.predictor.model")!,
            DeployFixture.Parse(files["kserve-modelcar.yaml"]).Kind("InferenceService").At("spec.predictor.model")!,
        };
        foreach (var container in containers)
        {
            Assert.Equal(cpu, container.Text("resources.requests.cpu"));
            Assert.Equal(cpu, container.Text("resources.limits.cpu"));
            Assert.Equal(mem, container.Text("resources.requests.memory"));
            Assert.Equal(mem, container.Text("resources.limits.memory"));
            Assert.Equal(gpu, Gpu(container, "limits"));
            Assert.Null(Gpu(container, "requests"));
        }
        // The ServingRuntime is shared by every model it serves: hints stay on the InferenceService.
        Assert.Null(DeployFixture.Parse(files["kserve.yaml"]).Kind("ServingRuntime").At("spec.containers.0.resources"));
    }

    private static string? Gpu(YamlNode container, string part) =>
        container.At("resources." + part) is YamlMappingNode map
        && map.Children.TryGetValue(new YamlScalarNode("nvidia.com/gpu"), out var value)
            ? ((YamlScalarNode)value).Value
            : null;

    [Fact]
    public void Replicas_set_the_deployment_and_the_predictor()
    {
        using var fixture = new DeployFixture(new ResourceDetails { Replicas = 3 });
        var files = fixture.Render();
        Assert.Equal("3", DeployFixture.Parse(files["kubernetes.yaml"]).Kind("Deployment").Text("spec.replicas"));
        var predictor = DeployFixture.Parse(files["kserve.yaml"]).Kind("InferenceService").At("spec.predictor")!;
        Assert.Equal("3", predictor.Text("minReplicas"));
        Assert.Equal("3", predictor.Text("maxReplicas"));
    }

    [Fact]
    public void Max_replicas_adds_a_cpu_autoscaler()
    {
        using var fixture = new DeployFixture(new ResourceDetails { Replicas = 2, Cores = 1 });
        fixture.Request = fixture.Request with { MaxReplicas = "6", TargetCpuUtilization = "65" };
        var files = fixture.Render();
        var hpa = DeployFixture.Parse(files["kubernetes.yaml"]).Kind("HorizontalPodAutoscaler");
        Assert.Equal("autoscaling/v2", hpa.Text("apiVersion"));
        Assert.Equal("2", hpa.Text("spec.minReplicas"));
        Assert.Equal("6", hpa.Text("spec.maxReplicas"));
        Assert.Equal("iris", hpa.Text("spec.scaleTargetRef.name"));
        Assert.Equal("65", hpa.Text("spec.metrics.0.resource.target.averageUtilization"));
        var predictor = DeployFixture.Parse(files["kserve.yaml"]).Kind("InferenceService").At("spec.predictor")!;
        Assert.Equal(
            ("2", "6", "cpu", "65"),
            (
                predictor.Text("minReplicas"),
                predictor.Text("maxReplicas"),
                predictor.Text("scaleMetric"),
                predictor.Text("scaleTarget")
            )
        );
    }

    [Fact]
    public void Default_cpu_target_is_80()
    {
        using var fixture = new DeployFixture(new ResourceDetails { Cores = 1 });
        fixture.Request = fixture.Request with { MaxReplicas = "4" };
        var hpa = DeployFixture.Parse(fixture.Render()["kubernetes.yaml"]).Kind("HorizontalPodAutoscaler");
        Assert.Equal(
            ("1", "4", "80"),
            (
                hpa.Text("spec.minReplicas"),
                hpa.Text("spec.maxReplicas"),
                hpa.Text("spec.metrics.0.resource.target.averageUtilization")
            )
        );
    }

    [Theory]
    [InlineData(null, "4", null, "ModelCores is not set")]
    [InlineData(1.0, "0", null, "not a whole number")]
    [InlineData(1.0, "many", null, "not a whole number")]
    [InlineData(1.0, "1", null, "below ModelReplicas")]
    [InlineData(1.0, "4", "-5", "not a whole number")]
    public void Bad_autoscaling_is_MODEL0163(double? cores, string max, string? target, string message)
    {
        using var fixture = new DeployFixture(new ResourceDetails { Cores = cores, Replicas = 2 });
        fixture.Request = fixture.Request with { MaxReplicas = max, TargetCpuUtilization = target };
        var e = Assert.Throws<ModelSdkException>(() => DeploySpec.Resolve(fixture.Request));
        Assert.Equal("MODEL0163", e.Code);
        Assert.Contains(message, e.Message);
        Assert.Equal(fixture.Request.ProjectFile, e.File);
    }
}
