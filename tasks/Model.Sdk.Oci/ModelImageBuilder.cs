using System.Globalization;

namespace ModelSdk.Oci;

/// <summary>Builds the model image from the model folder and the request: layout always, archive and engine load on demand.</summary>
public static class ModelImageBuilder
{
    public static ModelImageOutcome Build(ModelImageRequest request)
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
        var tags = request.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList();
        if (tags.Count == 0)
        {
            tags.Add(metadata.PackageVersion ?? "latest");
        }
        foreach (var tag in tags)
        {
            ImageNames.ValidateTag(tag);
        }
        var ports = request.Ports.Select(NormalizePort).Distinct().ToList();

        var environment = new List<KeyValuePair<string, string>>
        {
            new("MODEL_DIRECTORY", "/" + ModelFolderLayers.ImageRoot),
            new("MODEL_CONTRACT", "/" + ModelFolderLayers.ImageRoot + "/contract.json"),
        };
        // The serving runtime answers REST (and gRPC) on MODEL_PORT and gRPC over cleartext HTTP/2 on MODEL_GRPC_PORT:
        // the first ContainerPort is REST, a second one gRPC (default 8081).
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

        var annotations = new Dictionary<string, string>(metadata.Annotations, StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(request.Revision))
        {
            annotations["org.opencontainers.image.revision"] = request.Revision.Trim();
        }
        if (!string.IsNullOrWhiteSpace(request.SourceUrl))
        {
            annotations["org.opencontainers.image.source"] = request.SourceUrl.Trim();
        }
        var labels = new Dictionary<string, string>(annotations, StringComparer.Ordinal);
        foreach (var (key, value) in metadata.Labels)
        {
            labels[key] = value;
        }
        foreach (var (key, value) in request.Labels)
        {
            labels[key] = value;
        }
        if (ImageConfigBuilder.Created(request.SourceDateEpoch) is { } created)
        {
            labels["org.opencontainers.image.created"] = created;
        }

        var platform = Platform.FromRuntimeIdentifier(request.RuntimeIdentifier);
        var baseLayout = string.IsNullOrWhiteSpace(request.BaseImage)
            ? null
            : BaseImageSource.Resolve(
                request.BaseImage.Trim(),
                request.CacheDirectory,
                platform,
                new ModelSdk.Registry.RegistryOptions { InsecureRegistries = request.InsecureRegistries }
            );
        var baseName = NullIfEmpty(request.BaseName) ?? BaseImageSource.DisplayName(request.BaseImage, baseLayout);
        if (baseName is not null)
        {
            labels["org.opencontainers.image.base.name"] = baseName;
        }
        var spec = new ImageSpec
        {
            BaseLayoutDirectory = baseLayout,
            BaseName = baseName,
            Platform = platform,
            Layers = layers,
            Compression = request.Compression,
            Tags = tags,
            Annotations = annotations,
            SourceDateEpoch = request.SourceDateEpoch,
            Config = new ImageConfigOptions
            {
                Environment = environment,
                Labels = labels,
                ExposedPorts = ports,
                User = ValidateUser(request.User),
                WorkingDirectory = request.WorkingDirectory,
                Entrypoint = request.Entrypoint,
            },
        };
        var image = ImageLayoutWriter.Write(spec, request.LayoutDirectory, request.CacheDirectory);
        var fullRepository = string.IsNullOrWhiteSpace(request.Registry)
            ? repository
            : $"{request.Registry.Trim().TrimEnd('/')}/{repository}";
        var outcome = new ModelImageOutcome(image, fullRepository, tags);
        if (!string.IsNullOrWhiteSpace(request.ArchivePath))
        {
            OciArchiveWriter.Write(request.LayoutDirectory, request.ArchivePath, outcome.RepositoryTags);
        }
        if (!string.IsNullOrWhiteSpace(request.LocalRegistry))
        {
            var archive = string.IsNullOrWhiteSpace(request.ArchivePath)
                ? Path.Combine(request.CacheDirectory, "image-load.tar")
                : request.ArchivePath;
            if (archive != request.ArchivePath)
            {
                OciArchiveWriter.Write(request.LayoutDirectory, archive, outcome.RepositoryTags);
            }
            try
            {
                LocalEngineLoader.Load(request.LocalRegistry, archive, image.ConfigDigest, outcome.RepositoryTags);
            }
            finally
            {
                if (archive != request.ArchivePath)
                {
                    File.Delete(archive);
                }
            }
        }
        return outcome;
    }

    private const string DefaultGrpcPort = "8081/tcp";

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

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
