namespace ModelSdk.Deploy;

/// <summary>The pieces the Deployment, the InferenceService and the ServingRuntime share.</summary>
internal static class PodParts
{
    public const string ImageTagAnnotation = "modelsdk.io/image-tag";
    public const string LivePath = "/v2/health/live";
    public const string ReadyPath = "/v2/health/ready";

    public static YamlMapping Selector(DeploySpec spec) =>
        new YamlMapping().Add("app.kubernetes.io/name", spec.Name).Add("app.kubernetes.io/instance", spec.Name);

    /// <summary>app.kubernetes.io/* then the project's ModelDeployLabel items (which may override all but the selector).</summary>
    public static YamlMapping Labels(DeploySpec spec, string component)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["app.kubernetes.io/component"] = component,
            ["app.kubernetes.io/managed-by"] = DeploySpec.ManagedBy,
            ["app.kubernetes.io/version"] = KubeNames.ToLabelValue(spec.Version),
        };
        foreach (var (key, value) in spec.Labels)
            labels[key] = value;
        labels["app.kubernetes.io/name"] = spec.Name;
        labels["app.kubernetes.io/instance"] = spec.Name;
        if (labels["app.kubernetes.io/version"].Length == 0)
            labels.Remove("app.kubernetes.io/version");
        return YamlMapping.From(labels);
    }

    public static YamlMapping Annotations(DeploySpec spec, params KeyValuePair<string, string>[] extra)
    {
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [ImageTagAnnotation] = spec.TaggedImage,
        };
        foreach (var (key, value) in extra.Concat(spec.Annotations))
            annotations[key] = value;
        return YamlMapping.From(annotations);
    }

    public static YamlMapping Metadata(DeploySpec spec, string name, string component, YamlMapping annotations) =>
        new YamlMapping()
            .Add("name", name)
            .Add("namespace", spec.Namespace)
            .Add("labels", Labels(spec, component))
            .Add("annotations", annotations);

    public static YamlSequence Ports(DeploySpec spec, string httpName, string grpcName) =>
        new YamlSequence()
            .Add(new YamlMapping().Add("name", httpName).Add("containerPort", spec.RestPort).Add("protocol", "TCP"))
            .Add(new YamlMapping().Add("name", grpcName).Add("containerPort", spec.GrpcPort).Add("protocol", "TCP"));

    public static YamlSequence Environment(IEnumerable<KeyValuePair<string, string>> variables)
    {
        var env = new YamlSequence();
        foreach (var (name, value) in variables)
            env.Add(new YamlMapping().Add("name", name).Add("value", new YamlScalar(value, quotedIfAmbiguous: true)));
        return env;
    }

    /// <summary>Requests equal limits (Guaranteed QoS when both are hinted); GPUs only as a limit (Kubernetes copies
    /// it to the request). No hint, no block.</summary>
    public static YamlMapping? Resources(DeployResources hints)
    {
        if (hints.IsEmpty)
            return null;
        var requests = new YamlMapping();
        var limits = new YamlMapping();
        if (hints.Cores is { } cores)
        {
            requests.Add("cpu", KubeNames.Cpu(cores));
            limits.Add("cpu", KubeNames.Cpu(cores));
        }
        if (hints.MemoryMB is { } memory)
        {
            requests.Add("memory", KubeNames.MemoryMiB(memory));
            limits.Add("memory", KubeNames.MemoryMiB(memory));
        }
        if (hints.Gpus is { } gpus)
            limits.Add("nvidia.com/gpu", gpus.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new YamlMapping().Add("requests", requests).Add("limits", limits);
    }

    /// <summary>The port by number, not name: podman kube play turns a liveness probe into a health check and
    /// resolves no port names (it would probe port 0).</summary>
    public static YamlMapping HttpProbe(string path, int port, long period, long failures) =>
        new YamlMapping()
            .Add("httpGet", new YamlMapping().Add("path", path).Add("port", port))
            .Add("periodSeconds", period)
            .Add("failureThreshold", failures);

    /// <summary>grpc.health.v1 with service "" (SERVING once every model is loaded); up to 5 minutes to load.</summary>
    public static YamlMapping GrpcStartupProbe(DeploySpec spec) =>
        new YamlMapping()
            .Add("grpc", new YamlMapping().Add("port", spec.GrpcPort))
            .Add("periodSeconds", 2L)
            .Add("failureThreshold", 150L);

    public static YamlMapping ContainerSecurity(DeploySpec spec) =>
        new YamlMapping()
            .Add("runAsNonRoot", true)
            .Add("runAsUser", spec.UserId)
            .Add("runAsGroup", spec.GroupId)
            .Add("readOnlyRootFilesystem", true)
            .Add("allowPrivilegeEscalation", false)
            .Add("capabilities", new YamlMapping().Add("drop", new YamlSequence().Add("ALL")))
            .Add("seccompProfile", new YamlMapping().Add("type", "RuntimeDefault"));

    /// <summary>The root filesystem is read-only; the runtime (and .NET's diagnostics socket) writes only /tmp. The
    /// volume is named after the model: podman kube play makes an emptyDir a named volume shared by every pod that
    /// uses the name.</summary>
    public static YamlSequence TmpMount(DeploySpec spec) =>
        new YamlSequence().Add(new YamlMapping().Add("name", TmpName(spec)).Add("mountPath", "/tmp"));

    public static YamlSequence TmpVolume(DeploySpec spec) =>
        new YamlSequence().Add(
            new YamlMapping().Add("name", TmpName(spec)).Add("emptyDir", new YamlMapping { KeepWhenEmpty = true })
        );

    private static string TmpName(DeploySpec spec) => spec.Name + "-tmp";

    /// <summary>Image, ports, env, resources, probes, security and /tmp: the serving container everywhere.</summary>
    public static YamlMapping Container(
        DeploySpec spec,
        string name,
        IEnumerable<KeyValuePair<string, string>> env,
        bool withResources
    )
    {
        return new YamlMapping()
            .Add("name", name)
            .Add("image", spec.Image)
            .Add("imagePullPolicy", "IfNotPresent")
            .Add("ports", Ports(spec, "http", "grpc"))
            .Add("env", Environment(env))
            .Add("resources", withResources ? Resources(spec.Resources) : null)
            .Add("startupProbe", GrpcStartupProbe(spec))
            .Add("livenessProbe", HttpProbe(LivePath, spec.RestPort, 10, 3))
            .Add("readinessProbe", HttpProbe(ReadyPath, spec.RestPort, 5, 3))
            .Add("securityContext", ContainerSecurity(spec))
            .Add("volumeMounts", TmpMount(spec));
    }
}
