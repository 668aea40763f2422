namespace ModelSdk.Deploy;

/// <summary>
/// kserve.yaml (an InferenceService running this image, whose model is inside it, plus a ServingRuntime) and
/// kserve-modelcar.yaml (the same runtime serving this image as a modelcar: storageUri oci://repository@digest).
/// </summary>
public static class KServeManifests
{
    public const string ContainerName = "kserve-container";
    public const string ModelcarContract = "/mnt/models/contract.json";
    public const string ImageContract = "/model/contract.json";

    /// <summary>Knative (KServe's Serverless mode) allows one container port; REST and gRPC need RawDeployment.</summary>
    public static readonly KeyValuePair<string, string> RawDeployment = new(
        "serving.kserve.io/deploymentMode",
        "RawDeployment"
    );

    public static string RuntimeName(DeploySpec spec) => spec.Name + "-runtime";

    public static IReadOnlyList<YamlMapping> Documents(DeploySpec spec) =>
        [ServingRuntime(spec), InferenceService(spec, modelcar: false)];

    public static IReadOnlyList<YamlMapping> ModelcarDocuments(DeploySpec spec) =>
        [ServingRuntime(spec), InferenceService(spec, modelcar: true)];

    /// <summary>Our runtime for any Model.Sdk ONNX modelcar: it reads the model KServe links at /mnt/models.
    /// autoSelect is off so it never takes over other ONNX InferenceServices of the cluster.</summary>
    public static YamlMapping ServingRuntime(DeploySpec spec)
    {
        var format = new YamlMapping().Add("name", "onnx").Add("version", "1").Add("autoSelect", false);
        var container = PodParts.Container(
            spec,
            ContainerName,
            [KeyValuePair.Create("MODEL_CONTRACT", ModelcarContract)],
            withResources: false
        );
        return new YamlMapping()
            .Add("apiVersion", "serving.kserve.io/v1alpha1")
            .Add("kind", "ServingRuntime")
            .Add("metadata", PodParts.Metadata(spec, RuntimeName(spec), "serving-runtime", PodParts.Annotations(spec)))
            .Add(
                "spec",
                new YamlMapping()
                    .Add("supportedModelFormats", new YamlSequence().Add(format))
                    .Add("protocolVersions", new YamlSequence().Add("v2").Add("grpc-v2"))
                    .Add("containers", new YamlSequence().Add(container))
                    .Add("volumes", PodParts.TmpVolume(spec))
            );
    }

    public static YamlMapping InferenceService(DeploySpec spec, bool modelcar)
    {
        var env = new List<KeyValuePair<string, string>>();
        if (!modelcar)
            env.Add(KeyValuePair.Create("MODEL_CONTRACT", ImageContract));
        env.AddRange(spec.Environment);
        var model = PodParts.Container(spec, ContainerName, env, withResources: true);
        model.Entries.RemoveAll(e => e.Key is "name" || (modelcar && e.Key is "image"));
        var head = new YamlMapping()
            .Add("modelFormat", new YamlMapping().Add("name", "onnx"))
            .Add("protocolVersion", "v2")
            .Add("runtime", RuntimeName(spec))
            .Add("storageUri", modelcar ? $"oci://{spec.Image}" : null);
        model.Entries.InsertRange(0, head.Entries);
        var predictor = new YamlMapping()
            .Add("minReplicas", spec.Replicas ?? (spec.MaxReplicas is null ? null : 1L))
            .Add("maxReplicas", spec.MaxReplicas ?? spec.Replicas)
            .Add("scaleMetric", spec.MaxReplicas is null ? null : "cpu")
            .Add("scaleTarget", spec.MaxReplicas is null ? null : spec.TargetCpuUtilization)
            .Add("securityContext", KubernetesManifests.PodSecurity(spec))
            .Add("model", model)
            .Add("volumes", PodParts.TmpVolume(spec));
        var name = modelcar ? spec.Name + "-modelcar" : spec.Name;
        return new YamlMapping()
            .Add("apiVersion", "serving.kserve.io/v1beta1")
            .Add("kind", "InferenceService")
            .Add(
                "metadata",
                PodParts.Metadata(spec, name, KubernetesManifests.Component, PodParts.Annotations(spec, RawDeployment))
            )
            .Add("spec", new YamlMapping().Add("predictor", predictor));
    }
}
