using System.Globalization;

namespace ModelSdk.Oci;

/// <summary>
/// The pure step of an image build: validates the request and computes the <see cref="ModelImagePlan"/> (names,
/// tags, ports, environment, labels, layers) from it and the model folder. Nothing is written or fetched.
/// </summary>
public static class ModelImagePlanner
{
    private const string DefaultGrpcPort = "8081/tcp";

    public static ModelImagePlan Plan(ModelImageRequest request)
    {
        if (!string.IsNullOrWhiteSpace(request.LocalRegistry))
        {
            LocalEngineLoader.ToolFor(request.LocalRegistry); // reject an unknown engine before writing anything
        }
        var layers = ModelFolderLayers.Describe(request.ModelDirectory, request.LargeFileThreshold);
        var metadata = ModelContractMetadata.Read(Path.Combine(request.ModelDirectory, "contract.json"));
        var name = metadata.PackageName ?? metadata.ModelNames.FirstOrDefault() ?? "model";
        var repository = string.IsNullOrWhiteSpace(request.Repository)
            ? ImageNames.RepositoryFromName(name)
            : request.Repository.Trim();
        ImageNames.ValidateRepository(repository);
        var tags = Tags(request, metadata);
        var ports = request.Ports.Select(NormalizePort).Distinct().ToList();
        var environment = Environment(request, metadata, ports);
        var annotations = Annotations(request, metadata);
        var labels = Labels(request, metadata, annotations);
        return new ModelImagePlan
        {
            Request = request,
            Repository = repository,
            FullRepository = string.IsNullOrWhiteSpace(request.Registry)
                ? repository
                : $"{request.Registry.Trim().TrimEnd('/')}/{repository}",
            Tags = tags,
            Platform = Platform.FromRuntimeIdentifier(request.RuntimeIdentifier),
            Layers = layers,
            Ports = ports,
            Environment = environment,
            Annotations = annotations,
            Labels = labels,
            User = ValidateUser(request.User),
        };
    }

    /// <summary>"8080", "8080/tcp" or "53/udp".</summary>
    public static string NormalizePort(string port)
    {
        var parts = port.Trim().ToLowerInvariant().Split('/');
        if (
            parts.Length > 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number is < 1 or > 65535
            || (parts.Length == 2 && parts[1] is not ("tcp" or "udp"))
        )
        {
            throw new ModelSdkException(
                ErrorCodes.ContainerPortInvalid,
                $"'{port}' is not a container port. Use a number from 1 to 65535, optionally with /tcp or /udp, e.g. ContainerPort=8080."
            );
        }
        return $"{number}/{(parts.Length == 2 ? parts[1] : "tcp")}";
    }

    private static List<string> Tags(ModelImageRequest request, ModelContractMetadata metadata)
    {
        var tags = request.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList();
        if (tags.Count == 0)
        {
            tags.Add(metadata.PackageVersion ?? "latest");
        }
        foreach (var tag in tags)
        {
            ImageNames.ValidateTag(tag);
        }
        return tags;
    }

    /// <summary>
    /// The serving runtime answers REST (and gRPC) on MODEL_PORT and gRPC over cleartext HTTP/2 on MODEL_GRPC_PORT:
    /// the first ContainerPort is REST, a second one gRPC (default 8081, added to <paramref name="ports"/>).
    /// </summary>
    private static List<KeyValuePair<string, string>> Environment(
        ModelImageRequest request,
        ModelContractMetadata metadata,
        List<string> ports
    )
    {
        var environment = new List<KeyValuePair<string, string>>
        {
            new("MODEL_DIRECTORY", "/" + ModelFolderLayers.ImageRoot),
            new("MODEL_CONTRACT", "/" + ModelFolderLayers.ImageRoot + "/contract.json"),
        };
        if (ports.Count > 0)
        {
            environment.Add(new("MODEL_PORT", ports[0].Split('/')[0]));
            if (ports.Count == 1 && ports[0] != DefaultGrpcPort)
            {
                ports.Add(DefaultGrpcPort);
            }
            if (ports.Count > 1)
            {
                environment.Add(new("MODEL_GRPC_PORT", ports[1].Split('/')[0]));
            }
        }
        environment.AddRange(metadata.Environment);
        foreach (var variable in request.Environment)
        {
            ValidateVariable(variable.Key);
            environment.RemoveAll(e => e.Key == variable.Key);
            environment.Add(variable);
        }
        return environment;
    }

    private static Dictionary<string, string> Annotations(ModelImageRequest request, ModelContractMetadata metadata)
    {
        var annotations = new Dictionary<string, string>(metadata.Annotations, StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(request.Revision))
        {
            annotations[Spec.Annotations.Revision] = request.Revision.Trim();
        }
        if (!string.IsNullOrWhiteSpace(request.SourceUrl))
        {
            annotations[Spec.Annotations.Source] = request.SourceUrl.Trim();
        }
        return annotations;
    }

    private static List<KeyValuePair<string, string>> Labels(
        ModelImageRequest request,
        ModelContractMetadata metadata,
        Dictionary<string, string> annotations
    )
    {
        var labels = new Dictionary<string, string>(annotations, StringComparer.Ordinal);
        foreach (var (key, value) in metadata.Labels.Concat(request.Labels))
        {
            labels[key] = value;
        }
        if (ImageConfigBuilder.Created(request.SourceDateEpoch) is { } created)
        {
            labels[Spec.Annotations.Created] = created;
        }
        return labels.ToList();
    }

    private static void ValidateVariable(string name)
    {
        if (name.Length == 0 || name.Contains('=') || name.Any(char.IsWhiteSpace))
        {
            throw new ModelSdkException(
                ErrorCodes.ContainerVariableInvalid,
                $"'{name}' is not a valid environment variable name for ContainerEnvironmentVariable. Use letters, digits and '_', e.g. <ContainerEnvironmentVariable Include=\"MODEL_THREADS\" Value=\"4\" />."
            );
        }
    }

    private static string? ValidateUser(string? user)
    {
        if (string.IsNullOrWhiteSpace(user))
        {
            return null;
        }
        user = user.Trim();
        if (user.Any(char.IsWhiteSpace) || user.Split(':').Length > 2 || user.Split(':').Any(p => p.Length == 0))
        {
            throw new ModelSdkException(
                ErrorCodes.ContainerUserInvalid,
                $"'{user}' is not a valid ContainerUser. Use a user name or id with an optional group, e.g. 1000:1000 or app."
            );
        }
        return user;
    }
}
