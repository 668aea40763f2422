using ModelSdk.Registry;

namespace ModelSdk.Oci;

/// <summary>
/// Validates (with build-time codes) and derives repository names and tags; the grammar itself is
/// <see cref="ImageReference"/>'s.
/// </summary>
public static class ImageNames
{
    public static void ValidateRepository(string repository)
    {
        if (!ImageReference.IsValidRepository(repository))
        {
            throw new ModelSdkException(
                ErrorCodes.ContainerRepositoryInvalid,
                $"'{repository}' is not a valid image repository name. Use lowercase letters, digits and separators ('.', '_', '-', '/'), e.g. 'models/faces'; set ContainerRepository."
            );
        }
    }

    public static void ValidateTag(string tag)
    {
        if (!ImageReference.IsValidTag(tag))
        {
            throw new ModelSdkException(
                ErrorCodes.ContainerTagInvalid,
                $"'{tag}' is not a valid image tag. A tag has 1 to 128 letters, digits, '_', '.' or '-' and does not start with '.' or '-'. Fix ContainerImageTags (or Version; '+' build metadata is not allowed in tags)."
            );
        }
    }

    /// <summary>The repository with the registry in front when there is one: what the image is named locally.</summary>
    public static string FullRepository(string? registry, string repository) =>
        string.IsNullOrWhiteSpace(registry) ? repository : $"{registry.Trim().TrimEnd('/')}/{repository}";

    /// <summary>registry/repository:tag for every tag.</summary>
    public static IReadOnlyList<string> RepositoryTags(string? registry, string repository, IEnumerable<string> tags) =>
        tags.Select(t => $"{FullRepository(registry, repository)}:{t}").ToList();
}
