using System.Text.RegularExpressions;

namespace ModelSdk.Registry;

/// <summary>
/// A parsed image reference: <c>registry/repository[:tag][@digest]</c>. Docker Hub short names
/// (<c>ubuntu</c>, <c>user/app</c>) expand to <c>docker.io/library/ubuntu</c> and <c>docker.io/user/app</c>.
/// </summary>
public sealed record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    public const string DockerHub = "docker.io";

    private static readonly Regex RepositoryPattern = new(
        "^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$",
        RegexOptions.CultureInvariant
    );
    private static readonly Regex TagPattern = new(
        "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$",
        RegexOptions.CultureInvariant
    );
    private static readonly Regex DigestPattern = new("^sha256:[a-f0-9]{64}$", RegexOptions.CultureInvariant);
    private static readonly Regex RegistryPattern = new(
        @"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$",
        RegexOptions.CultureInvariant
    );

    /// <summary>The tag, or the digest when there is no tag: what to ask the registry for.</summary>
    public string Reference => Digest ?? Tag ?? "latest";

    /// <summary>The host (and port) that serves the registry API; Docker Hub's API lives elsewhere than its name.</summary>
    public string ApiHost => RegistryHost(Registry);

    public override string ToString() =>
        $"{Registry}/{Repository}{(Tag is null ? "" : ":" + Tag)}{(Digest is null ? "" : "@" + Digest)}";

    public static string RegistryHost(string registry) => registry == DockerHub ? "registry-1.docker.io" : registry;

    public static ImageReference Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Invalid(text, "it is empty");
        }
        var rest = text.Trim();
        string? digest = null;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!DigestPattern.IsMatch(digest))
            {
                throw Invalid(text, $"'{digest}' is not a sha256 digest (sha256: followed by 64 lowercase hex digits)");
            }
        }
        string? tag = null;
        var lastSlash = rest.LastIndexOf('/');
        var colon = rest.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            ValidateTag(tag);
        }
        string registry;
        string repository;
        var firstSlash = rest.IndexOf('/');
        var first = firstSlash < 0 ? "" : rest[..firstSlash];
        if (
            firstSlash > 0
            && (first.Contains('.') || first.Contains(':') || first == "localhost" || first.StartsWith('['))
        )
        {
            registry = first;
            repository = rest[(firstSlash + 1)..];
        }
        else
        {
            registry = DockerHub;
            repository = rest.Contains('/') ? rest : "library/" + rest;
        }
        if (registry is "index.docker.io" or "registry-1.docker.io")
        {
            registry = DockerHub;
        }
        ValidateRegistry(registry);
        ValidateRepository(repository);
        return new ImageReference(registry, repository, tag, digest);
    }

    public static void ValidateRegistry(string registry)
    {
        if (!RegistryPattern.IsMatch(registry))
        {
            throw new ModelSdkException(
                ErrorCodes.InvalidImageReference,
                $"'{registry}' is not a registry host name. Set ContainerRegistry to a host with an optional port, e.g. 'myregistry.example.com' or 'localhost:5000', without 'https://'."
            );
        }
    }

    /// <summary>The OCI distribution grammar for repository names (the one place it lives).</summary>
    public static bool IsValidRepository(string repository) =>
        repository.Length <= 255 && RepositoryPattern.IsMatch(repository);

    /// <summary>The OCI distribution grammar for tags.</summary>
    public static bool IsValidTag(string tag) => TagPattern.IsMatch(tag);

    public static void ValidateRepository(string repository)
    {
        if (!IsValidRepository(repository))
        {
            throw new ModelSdkException(
                ErrorCodes.InvalidImageReference,
                $"'{repository}' is not a valid repository name. Use lowercase letters, digits and separators ('.', '_', '-', '/'), e.g. 'models/faces'; set ContainerRepository."
            );
        }
    }

    public static void ValidateTag(string tag)
    {
        if (!IsValidTag(tag))
        {
            throw new ModelSdkException(
                ErrorCodes.InvalidImageTag,
                $"'{tag}' is not a valid image tag. A tag has 1 to 128 characters: letters, digits, '_', '.' and '-', and does not start with '.' or '-'. Fix ContainerImageTags (or Version)."
            );
        }
    }

    private static ModelSdkException Invalid(string text, string why) =>
        new(
            ErrorCodes.InvalidImageReference,
            $"'{text}' is not an image reference: {why}. Write it as registry/repository:tag, e.g. 'localhost:5000/base:1'."
        );
}
