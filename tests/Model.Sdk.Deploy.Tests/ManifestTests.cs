using ModelSdk.ContractModel;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ModelSdk.Deploy.Tests;

public class ManifestTests
{
    private const string Container = "spec.template.spec.containers.0";

    [Fact]
    public void Deployment_pins_the_digest_and_runs_locked_down()
    {
        using var fixture = new DeployFixture();
        var deployment = DeployFixture.Parse(fixture.Render()["kubernetes.yaml"]).Kind("Deployment");
        var container = deployment.At(Container)!;
        Assert.Equal($"localhost:5000/iris@{DeployFixture.Digest}", container.Text("image"));
        Assert.Equal("localhost:5000/iris:1.2.0", Annotation(deployment));
        Assert.Equal(
            ("8080", "8081"),
            (container.Text("ports.0.containerPort"), container.Text("ports.1.containerPort"))
        );
        Assert.Equal("/v2/health/live", container.Text("livenessProbe.httpGet.path"));
        Assert.Equal("/v2/health/ready", container.Text("readinessProbe.httpGet.path"));
        Assert.Equal("8081", container.Text("startupProbe.grpc.port"));
        Assert.Equal("true", container.Text("securityContext.runAsNonRoot"));
        Assert.Equal("1000", container.Text("securityContext.runAsUser"));
        Assert.Equal("true", container.Text("securityContext.readOnlyRootFilesystem"));
        Assert.Equal("false", container.Text("securityContext.allowPrivilegeEscalation"));
        Assert.Equal("ALL", container.Text("securityContext.capabilities.drop.0"));
        Assert.Equal("RuntimeDefault", container.Text("securityContext.seccompProfile.type"));
        Assert.Equal("/tmp", container.Text("volumeMounts.0.mountPath"));
        Assert.IsType<YamlMappingNode>(deployment.At("spec.template.spec.volumes.0.emptyDir"));
        var labels = (YamlMappingNode)deployment.At("metadata.labels")!;
        Assert.Equal(
            [
                "app.kubernetes.io/component",
                "app.kubernetes.io/instance",
                "app.kubernetes.io/managed-by",
                "app.kubernetes.io/name",
                "app.kubernetes.io/version",
            ],
            labels.Children.Keys.Select(k => ((YamlScalarNode)k).Value)
        );
    }

    private static string? Annotation(YamlNode node) =>
        ((YamlMappingNode)node.At("metadata.annotations")!).Children[new YamlScalarNode("modelsdk.io/image-tag")]
            is YamlScalarNode s
            ? s.Value
            : null;

    [Fact]
    public void Service_exposes_rest_and_grpc_with_the_service_type()
    {
        using var fixture = new DeployFixture();
        fixture.Request = fixture.Request with { ServiceType = "nodeport", Namespace = "models" };
        var service = DeployFixture.Parse(fixture.Render()["kubernetes.yaml"]).Kind("Service");
        Assert.Equal("NodePort", service.Text("spec.type"));
        Assert.Equal("models", service.Text("metadata.namespace"));
        Assert.Equal(("http", "grpc"), (service.Text("spec.ports.0.name"), service.Text("spec.ports.1.name")));
        Assert.Equal("iris", Selector(service));
    }

    private static string Selector(YamlNode service) =>
        (
            (YamlScalarNode)
                ((YamlMappingNode)service.At("spec.selector")!).Children[new YamlScalarNode("app.kubernetes.io/name")]
        ).Value!;

    [Fact]
    public void Parameters_become_env_with_defaults_quoted_as_strings_and_items_override_them()
    {
        using var fixture = new DeployFixture(
            null,
            DeployFixture.Parameter("TOP_K", "int", "5"),
            DeployFixture.Parameter("VERBOSE", "bool", "true"),
            DeployFixture.Parameter("MODE", "string", "on"),
            DeployFixture.Parameter("EMPTY", "string", null)
        );
        fixture.Request = fixture.Request with
        {
            Environment = [new("MODEL_PARAM_MODE", "off"), new("EXTRA", "a: b # c")],
        };
        var text = fixture.Render()["kubernetes.yaml"];
        var env = (YamlSequenceNode)DeployFixture.Parse(text).Kind("Deployment").At(Container + ".env")!;
        var pairs = env.Children.Select(e => (e.Text("name"), e.Text("value"))).ToList();
        Assert.Equal(
            [
                ("MODEL_PARAM_TOP_K", "5"),
                ("MODEL_PARAM_VERBOSE", "true"),
                ("MODEL_PARAM_EMPTY", ""),
                ("MODEL_PARAM_MODE", "off"),
                ("EXTRA", "a: b # c"),
            ],
            pairs
        );
        // Every value is a YAML string: a reader that resolved "5" or "true" as a number or boolean would reject it.
        Assert.All(env.Children, e => Assert.Equal(ScalarStyle.DoubleQuoted, ((YamlScalarNode)e.At("value")!).Style));
    }

    [Theory]
    [InlineData("Iris", "iris")]
    [InlineData("ch_PP-OCRv4_rec_infer", "ch-pp-ocrv4-rec-infer")]
    [InlineData("Faces.v2", "faces-v2")]
    [InlineData("--Weird__Name--", "weird-name")]
    public void Names_are_dns_labels_from_the_model_name(string model, string expected)
    {
        using var fixture = new DeployFixture();
        fixture.Request = fixture.Request with { ModelName = model };
        Assert.Equal(expected, DeploySpec.Resolve(fixture.Request).Name);
    }

    [Theory]
    [InlineData("123abc", null)]
    [InlineData("___", null)]
    [InlineData("Iris", "Bad_Name")]
    [InlineData("Iris", "a-name-that-is-far-too-long-for-kserve-to-add-its-suffixes")]
    public void Names_that_cannot_be_made_valid_are_MODEL0160(string model, string? name)
    {
        using var fixture = new DeployFixture();
        fixture.Request = fixture.Request with { ModelName = model, Name = name };
        var e = Assert.Throws<ModelSdkException>(() => DeploySpec.Resolve(fixture.Request));
        Assert.Equal("MODEL0160", e.Code);
        Assert.Contains("ModelDeployName", e.Message);
    }

    [Theory]
    [InlineData("MODEL0161", "Namespace", "Bad_NS")]
    [InlineData("MODEL0162", "ServiceType", "ExternalName")]
    [InlineData("MODEL0166", "User", "app")]
    [InlineData("MODEL0166", "User", "0:0")]
    [InlineData("MODEL0167", "ImageDigest", "")]
    public void Bad_settings_are_coded_errors(string code, string setting, string value)
    {
        using var fixture = new DeployFixture();
        fixture.Request = setting switch
        {
            "Namespace" => fixture.Request with { Namespace = value },
            "ServiceType" => fixture.Request with { ServiceType = value },
            "User" => fixture.Request with { User = value },
            _ => fixture.Request with { ImageDigest = value },
        };
        Assert.Equal(code, Assert.Throws<ModelSdkException>(() => DeploySpec.Resolve(fixture.Request)).Code);
    }

    [Theory]
    [InlineData(true, "bad key!", "v")]
    [InlineData(true, "team", "not a label value")]
    [InlineData(false, "-x.example.com/owner", "v")]
    public void Bad_labels_and_annotations_are_MODEL0164(bool label, string key, string value)
    {
        using var fixture = new DeployFixture();
        fixture.Request = label
            ? fixture.Request with
            {
                Labels = [new(key, value)],
            }
            : fixture.Request with
            {
                Annotations = [new(key, value)],
            };
        Assert.Equal("MODEL0164", Assert.Throws<ModelSdkException>(() => DeploySpec.Resolve(fixture.Request)).Code);
    }

    [Fact]
    public void Bad_environment_name_is_MODEL0165()
    {
        using var fixture = new DeployFixture();
        fixture.Request = fixture.Request with { Environment = [new("1BAD", "x")] };
        Assert.Equal("MODEL0165", Assert.Throws<ModelSdkException>(() => DeploySpec.Resolve(fixture.Request)).Code);
    }

    [Fact]
    public void Labels_and_annotations_reach_every_object_and_the_selector_stays_fixed()
    {
        using var fixture = new DeployFixture();
        fixture.Request = fixture.Request with
        {
            Labels = [new("team", "vision"), new("app.kubernetes.io/name", "other")],
            Annotations = [new("example.com/note", "yes")],
        };
        foreach (var text in fixture.Render().Values)
        {
            foreach (var doc in DeployFixture.Parse(text))
            {
                var labels = (YamlMappingNode)doc.At("metadata.labels")!;
                Assert.Equal("vision", ((YamlScalarNode)labels.Children[new YamlScalarNode("team")]).Value);
                var name = ((YamlScalarNode)labels.Children[new YamlScalarNode("app.kubernetes.io/name")]).Value;
                Assert.Equal("iris", name);
                var annotations = (YamlMappingNode)doc.At("metadata.annotations")!;
                Assert.Equal(
                    "yes",
                    ((YamlScalarNode)annotations.Children[new YamlScalarNode("example.com/note")]).Value
                );
            }
        }
    }

    [Fact]
    public void Version_with_build_metadata_is_made_a_label_value()
    {
        using var fixture = new DeployFixture();
        fixture.Request = fixture.Request with { Version = "1.2.0+abc" };
        var labels = (YamlMappingNode)
            DeployFixture.Parse(fixture.Render()["kubernetes.yaml"])[0].At("metadata.labels")!;
        Assert.Equal(
            "1.2.0_abc",
            ((YamlScalarNode)labels.Children[new YamlScalarNode("app.kubernetes.io/version")]).Value
        );
    }
}
