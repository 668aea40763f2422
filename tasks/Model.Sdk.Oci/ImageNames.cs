using System.Text.RegularExpressions;
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

    /// <summary>The default repository: the model name lower-cased, with anything not allowed turned into '-'.</summary>
    public static string RepositoryFromName(string name)
    {
        var lowered = Regex.Replace(name.ToLowerInvariant(), "[^a-z0-9._/-]+", "-").Trim('-', '.', '_', '/');
        ValidateRepository(lowered);
        return lowered;
    }
}
