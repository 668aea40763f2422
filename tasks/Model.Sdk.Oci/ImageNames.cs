using System.Text.RegularExpressions;

namespace ModelSdk.Oci;

/// <summary>Validates and derives repository names and tags (OCI distribution spec grammar).</summary>
public static class ImageNames
{
    private static readonly Regex RepositoryPattern = new(
        "^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$",
        RegexOptions.CultureInvariant
    );
    private static readonly Regex TagPattern = new(
        "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$",
        RegexOptions.CultureInvariant
    );

    public static void ValidateRepository(string repository)
    {
        if (repository.Length > 255 || !RepositoryPattern.IsMatch(repository))
        {
            throw new ModelSdkException(
                ErrorCodes.ContainerRepositoryInvalid,
                $"'{repository}' is not a valid image repository name. Use lowercase letters, digits and separators ('.', '_', '-', '/'), e.g. 'models/faces'; set ContainerRepository."
            );
        }
    }

    public static void ValidateTag(string tag)
    {
        if (!TagPattern.IsMatch(tag))
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
