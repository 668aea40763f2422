namespace ModelSdk.Deploy;

/// <summary>kubernetes.yaml: a Deployment, a Service and, with ModelMaxReplicas, a HorizontalPodAutoscaler.</summary>
public static class KubernetesManifests
{
    public const string Component = "model-server";

    public static IReadOnlyList<YamlMapping> Documents(DeploySpec spec)
    {
        var documents = new List<YamlMapping> { Deployment(spec), Service(spec) };
        if (spec.MaxReplicas is not null)
            documents.Add(Autoscaler(spec));
        return documents;
    }

    public static YamlMapping Deployment(DeploySpec spec)
    {
        var podSpec = new YamlMapping()
            .Add("automountServiceAccountToken", false)
            .Add("securityContext", PodSecurity(spec))
            .Add(
                "containers",
                new YamlSequence().Add(PodParts.Container(spec, "model", spec.Environment, withResources: true))
            )
            .Add("volumes", PodParts.TmpVolume(spec));
        var template = new YamlMapping()
            .Add(
                "metadata",
                new YamlMapping()
                    .Add("labels", PodParts.Labels(spec, Component))
                    .Add("annotations", PodParts.Annotations(spec))
            )
            .Add("spec", podSpec);
        return new YamlMapping()
            .Add("apiVersion", "apps/v1")
            .Add("kind", "Deployment")
            .Add("metadata", PodParts.Metadata(spec, spec.Name, Component, PodParts.Annotations(spec)))
            .Add(
                "spec",
                new YamlMapping()
                    .Add("replicas", spec.Replicas)
                    .Add("selector", new YamlMapping().Add("matchLabels", PodParts.Selector(spec)))
                    .Add("template", template)
            );
    }

    public static YamlMapping PodSecurity(DeploySpec spec) =>
        new YamlMapping()
            .Add("runAsNonRoot", true)
            .Add("runAsUser", spec.UserId)
            .Add("runAsGroup", spec.GroupId)
            .Add("seccompProfile", new YamlMapping().Add("type", "RuntimeDefault"));

    public static YamlMapping Service(DeploySpec spec)
    {
        var ports = new YamlSequence().Add(Port("http", spec.RestPort)).Add(Port("grpc", spec.GrpcPort));
        return new YamlMapping()
            .Add("apiVersion", "v1")
            .Add("kind", "Service")
            .Add("metadata", PodParts.Metadata(spec, spec.Name, Component, PodParts.Annotations(spec)))
            .Add(
                "spec",
                new YamlMapping()
                    .Add("type", spec.ServiceType)
                    .Add("selector", PodParts.Selector(spec))
                    .Add("ports", ports)
            );
    }

    private static YamlMapping Port(string name, int port) =>
        new YamlMapping()
            .Add("name", name)
            .Add("port", port)
            .Add("targetPort", name)
            .Add("protocol", "TCP")
            .Add("appProtocol", name == "grpc" ? "kubernetes.io/h2c" : "http");

    public static YamlMapping Autoscaler(DeploySpec spec)
    {
        var target = new YamlMapping().Add("type", "Utilization").Add("averageUtilization", spec.TargetCpuUtilization);
        var metric = new YamlMapping()
            .Add("type", "Resource")
            .Add("resource", new YamlMapping().Add("name", "cpu").Add("target", target));
        return new YamlMapping()
            .Add("apiVersion", "autoscaling/v2")
            .Add("kind", "HorizontalPodAutoscaler")
            .Add("metadata", PodParts.Metadata(spec, spec.Name, Component, PodParts.Annotations(spec)))
            .Add(
                "spec",
                new YamlMapping()
                    .Add(
                        "scaleTargetRef",
                        new YamlMapping().Add("apiVersion", "apps/v1").Add("kind", "Deployment").Add("name", spec.Name)
                    )
                    .Add("minReplicas", spec.Replicas ?? 1)
                    .Add("maxReplicas", spec.MaxReplicas ?? 1)
                    .Add("metrics", new YamlSequence().Add(metric))
            );
    }
}
