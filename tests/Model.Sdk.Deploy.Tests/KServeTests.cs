using YamlDotNet.RepresentationModel;

namespace ModelSdk.Deploy.Tests;

public class KServeTests
{
    [Fact]
    public void InferenceService_runs_the_image_with_protocol_v2_on_the_serving_runtime()
    {
        using var fixture = new DeployFixture();
        var docs = DeployFixture.Parse(fixture.Render()["kserve.yaml"]);
        Assert.Equal(["ServingRuntime", "InferenceService"], docs.Select(d => d.Text("kind")));
        var isvc = docs.Kind("InferenceService");
        Assert.Equal("serving.kserve.io/v1beta1", isvc.Text("apiVersion"));
        var model = isvc.At("spec.predictor.model")!;
        Assert.Equal("onnx", model.Text("modelFormat.name"));
        Assert.Equal("v2", model.Text("protocolVersion"));
        Assert.Equal("iris-runtime", model.Text("runtime"));
        Assert.Equal($"localhost:5000/iris@{DeployFixture.Digest}", model.Text("image"));
        Assert.Equal(("MODEL_CONTRACT", "/model/contract.json"), (model.Text("env.0.name"), model.Text("env.0.value")));
        Assert.Null(model.At("storageUri"));
        Assert.Equal("/v2/health/ready", model.Text("readinessProbe.httpGet.path"));
        Assert.Equal("true", model.Text("securityContext.readOnlyRootFilesystem"));
    }

    [Fact]
    public void ServingRuntime_serves_onnx_modelcars_over_v2_from_mnt_models()
    {
        using var fixture = new DeployFixture();
        var runtime = DeployFixture.Parse(fixture.Render()["kserve.yaml"]).Kind("ServingRuntime");
        Assert.Equal("serving.kserve.io/v1alpha1", runtime.Text("apiVersion"));
        Assert.Equal("iris-runtime", runtime.Text("metadata.name"));
        Assert.Equal("onnx", runtime.Text("spec.supportedModelFormats.0.name"));
        Assert.Equal("false", runtime.Text("spec.supportedModelFormats.0.autoSelect"));
        Assert.Equal(
            ["v2", "grpc-v2"],
            ((YamlSequenceNode)runtime.At("spec.protocolVersions")!).Select(n => ((YamlScalarNode)n).Value)
        );
        var container = runtime.At("spec.containers.0")!;
        Assert.Equal("kserve-container", container.Text("name"));
        Assert.Equal("/mnt/models/contract.json", container.Text("env.0.value"));
        Assert.Equal(
            ("8080", "8081"),
            (container.Text("ports.0.containerPort"), container.Text("ports.1.containerPort"))
        );
    }

    [Fact]
    public void Modelcar_variant_points_storageUri_at_the_pinned_image()
    {
        using var fixture = new DeployFixture(null, DeployFixture.Parameter("TOP_K", "int", "3"));
        var docs = DeployFixture.Parse(fixture.Render()["kserve-modelcar.yaml"]);
        var isvc = docs.Kind("InferenceService");
        Assert.Equal("iris-modelcar", isvc.Text("metadata.name"));
        var model = isvc.At("spec.predictor.model")!;
        Assert.Equal($"oci://localhost:5000/iris@{DeployFixture.Digest}", model.Text("storageUri"));
        Assert.Null(model.At("image"));
        Assert.Equal("iris-runtime", model.Text("runtime"));
        Assert.Equal(("MODEL_PARAM_TOP_K", "3"), (model.Text("env.0.name"), model.Text("env.0.value")));
        Assert.NotNull(docs.Kind("ServingRuntime"));
    }
}
