using System.Globalization;

namespace ModelSdk.Oci;

/// <summary>
/// The pure step of an image build: validates the request and computes the <see cref="ModelImagePlan"/> (names,
/// tags, ports, environment, labels, layers) from it and the model folder. Nothing is written or fetched.
/// </summary>
public static class ModelImagePlanner
{
    public static ModelImagePlan Plan(ModelImageRequest request)
    {
        var layers = ModelFolderLayers.Describe(request.ModelDirectory, request.LargeFileThreshold);
        var metadata = ModelContractMetadata.Read(Path.Combine(request.ModelDirectory, "contract.json"));
        var repository = request.Repository.Trim();
        ImageNames.ValidateRepository(repository);
        var ports = request.Ports.Select(NormalizePort).Distinct().ToList();
        var annotations = Annotations(request, metadata);
        var platforms = ImagePlatforms.FromRequest(request);
        return new ModelImagePlan
        {
            Request = request,
            Repository = repository,
            FullRepository = ImageNames.FullRepository(request.Registry, repository),
            Tags = Tags(request),
            Platform = platforms[0],
            Platforms = platforms,
            Layers = layers,
            Ports = ports,
            Environment = Environment(request, metadata, ports),
            Annotations = annotations,
            Labels = Labels(request, metadata, annotations),
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

    private static List<string> Tags(ModelImageRequest request)
    {
        var tags = request.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList();
        if (tags.Count == 0)
        {
            throw new ModelSdkException(
                ErrorCodes.ContainerTagInvalid,
                "The image has no tag. Set ContainerImageTags (by default it is Version), e.g. ContainerImageTags=1.0.0;latest."
            );
        }
        foreach (var tag in tags)
        {
            ImageNames.ValidateTag(tag);
        }
        return tags;
    }

    /// <summary>
    /// The serving runtime answers REST (and gRPC) on MODEL_PORT and gRPC over cleartext HTTP/2 on MODEL_GRPC_PORT:
    /// the first ContainerPort is REST, a second one gRPC. They follow the ports (never set apart from them), and
    /// MODEL_DIRECTORY/MODEL_CONTRACT follow the layers' place in the image, so they are computed here.
    /// </summary>
    private static List<KeyValuePair<string, string>> Environment(
        ModelImageRequest request,
        ModelContractMetadata metadata,
        IReadOnlyList<string> ports
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
        // MSBuild sets these labels from SourceRevisionId and RepositoryUrl; the manifest carries them too.
        foreach (var key in new[] { Spec.Annotations.Revision, Spec.Annotations.Source })
        {
            if (request.Labels.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                annotations[key] = value.Trim();
            }
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
