using System.Globalization;
using System.Text.Json.Nodes;
using ModelSdk.ContractModel;

namespace ModelSdk.Deploy;

/// <summary>Resource hints that apply (zero or absent hints are left out: Kubernetes' defaults apply).</summary>
public sealed record DeployResources(double? Cores, long? MemoryMB, long? Gpus)
{
    public bool IsEmpty => Cores is null && MemoryMB is null && Gpus is null;
}

/// <summary>A validated <see cref="DeployRequest"/>: everything the manifest writers need, nothing to check.</summary>
public sealed record DeploySpec
{
    public const string ManagedBy = "model-sdk";

    public required string Name { get; init; }
    public string? Namespace { get; init; }
    public required string ModelName { get; init; }
    public required string Version { get; init; }

    /// <summary>repository@digest: what every manifest runs.</summary>
    public required string Image { get; init; }

    /// <summary>repository:tag, for people (an annotation; the digest is what runs).</summary>
    public required string TaggedImage { get; init; }
    public required string ImageRepository { get; init; }
    public required bool Pushed { get; init; }
    public long? Replicas { get; init; }
    public long? MaxReplicas { get; init; }
    public long TargetCpuUtilization { get; init; } = 80;
    public required DeployResources Resources { get; init; }
    public string ServiceType { get; init; } = "ClusterIP";
    public int RestPort { get; init; } = 8080;
    public int GrpcPort { get; init; } = 8081;
    public long UserId { get; init; } = 1000;
    public long GroupId { get; init; } = 1000;
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];
    public IReadOnlyList<KeyValuePair<string, string>> Annotations { get; init; } = [];

    public static readonly string[] ServiceTypes = ["ClusterIP", "NodePort", "LoadBalancer"];

    /// <summary>Validates the request (coded <see cref="ModelSdkException"/>s naming the project file and the fix)
    /// and reads the resource hints and parameters from contract.json.</summary>
    public static DeploySpec Resolve(DeployRequest request)
    {
        var file = request.ProjectFile;
        var contract = ReadContract(request.ContractFile);
        if (request.ImageDigest.Length == 0)
        {
            throw new ModelSdkException(
                ErrorCodes.DeployImageMissing,
                "The deployment manifests pin the image by digest, but no image was built (ModelImageEnabled=false, or image.digest is missing). Build the image (dotnet build) before ModelManifests.",
                file
            );
        }
        var name = DeployNames.Name(request, file);
        var hints = contract.ModelDetails.Select(m => m.Resources).FirstOrDefault(r => r is not null);
        var (uid, gid) = DeployNames.User(request.User, file);
        var spec = new DeploySpec
        {
            Name = name,
            Namespace = DeployNames.Namespace(request.Namespace, file),
            ModelName = request.ModelName,
            Version = request.Version,
            Image = $"{request.ImageRepository}@{request.ImageDigest}",
            TaggedImage = $"{request.ImageRepository}:{request.ImageTag}",
            ImageRepository = request.ImageRepository,
            Pushed = request.Pushed,
            Replicas = Positive(hints?.Replicas),
            Resources = new DeployResources(
                hints?.Cores is > 0 ? hints.Cores : null,
                Positive(hints?.MaxMemoryMB),
                Positive(hints?.Gpus)
            ),
            ServiceType = DeployNames.ServiceType(request.ServiceType, file),
            RestPort = request.RestPort,
            GrpcPort = request.GrpcPort,
            UserId = uid,
            GroupId = gid,
            Environment = ResolveEnvironment(contract, request.Environment, file),
            Labels = DeployNames.Metadata(request.Labels, "ModelDeployLabel", labels: true, file),
            Annotations = DeployNames.Metadata(request.Annotations, "ModelDeployAnnotation", labels: false, file),
        };
        return Autoscaling(spec, request, file);
    }

    private static DeploySpec Autoscaling(DeploySpec spec, DeployRequest request, string file)
    {
        if (string.IsNullOrWhiteSpace(request.MaxReplicas))
            return spec;
        var max = Integer(request.MaxReplicas, "ModelMaxReplicas", file);
        var min = spec.Replicas ?? 1;
        var target = string.IsNullOrWhiteSpace(request.TargetCpuUtilization)
            ? spec.TargetCpuUtilization
            : Integer(request.TargetCpuUtilization, "ModelTargetCpuUtilization", file);
        if (max < min)
        {
            throw new ModelSdkException(
                ErrorCodes.DeployAutoscalingInvalid,
                $"ModelMaxReplicas ({max}) is below ModelReplicas ({min}). Set ModelMaxReplicas to at least ModelReplicas.",
                file
            );
        }
        if (spec.Resources.Cores is null)
        {
            throw new ModelSdkException(
                ErrorCodes.DeployAutoscalingInvalid,
                "ModelMaxReplicas asks for a HorizontalPodAutoscaler on CPU utilization, which Kubernetes measures against the CPU request, but ModelCores is not set. Set ModelCores (e.g. 1), or remove ModelMaxReplicas.",
                file
            );
        }
        return spec with { MaxReplicas = max, TargetCpuUtilization = target };
    }

    private static long Integer(string text, string property, string file) =>
        long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
        && value is > 0 and <= 100000
            ? value
            : throw new ModelSdkException(
                ErrorCodes.DeployAutoscalingInvalid,
                $"{property} is '{text}', not a whole number from 1 to 100000. Write e.g. {(property == "ModelMaxReplicas" ? "5" : "80")}.",
                file
            );

    private static long? Positive(long? value) => value is > 0 ? value : null;

    /// <summary>MODEL_PARAM_* with their defaults, then ModelDeployEnvironmentVariable items (which override).</summary>
    private static List<KeyValuePair<string, string>> ResolveEnvironment(
        ContractDocument contract,
        IReadOnlyList<KeyValuePair<string, string>> extra,
        string file
    )
    {
        var env = new List<KeyValuePair<string, string>>();
        foreach (var parameter in contract.ModelDetails.SelectMany(m => m.Parameters))
        {
            if (parameter.Env is { Length: > 0 } variable && env.All(e => e.Key != variable))
                env.Add(KeyValuePair.Create(variable, Text(parameter.Default)));
        }
        foreach (var (key, value) in extra)
        {
            if (!KubeNames.IsEnvironmentName(key))
            {
                throw new ModelSdkException(
                    ErrorCodes.DeployEnvironmentVariableInvalid,
                    $"ModelDeployEnvironmentVariable '{key}' is not an environment variable name. Use letters, digits and '_', not starting with a digit.",
                    file
                );
            }
            env.RemoveAll(e => e.Key == key);
            env.Add(KeyValuePair.Create(key, value));
        }
        return env;
    }

    private static string Text(JsonNode? node) =>
        node switch
        {
            null => "",
            JsonValue value when value.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };

    private static ContractDocument ReadContract(string path)
    {
        try
        {
            return ContractJson.Read(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is ContractFormatException or IOException or UnauthorizedAccessException)
        {
            throw new ModelSdkException(
                ErrorCodes.ModelFolderInvalid,
                $"'{path}' could not be read ({e.Message}). It is written by the build; build the project again.",
                path,
                inner: e
            );
        }
    }
}
