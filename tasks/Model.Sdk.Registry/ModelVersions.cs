using System.Globalization;
using System.Text.RegularExpressions;

namespace ModelSdk.Registry;

/// <summary>Picks the next version from a repository's tags: the next patch after the highest release SemVer tag.</summary>
public static class ModelVersions
{
    private static readonly Regex Release = new(
        @"^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$",
        RegexOptions.CultureInvariant
    );

    /// <summary>
    /// The next patch version after the highest <c>major.minor.patch</c> tag (prerelease tags and other names are
    /// ignored; a leading 'v' is accepted). With no such tag, <paramref name="first"/>.
    /// </summary>
    public static string NextPatch(IEnumerable<string> tags, string first = "1.0.0")
    {
        (long Major, long Minor, long Patch)? highest = null;
        foreach (var tag in tags)
        {
            var match = Release.Match(tag);
            if (!match.Success)
            {
                continue;
            }
            if (
                !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
                || !long.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
                || !long.TryParse(match.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var patch)
            )
            {
                continue;
            }
            var version = (major, minor, patch);
            if (highest is null || version.CompareTo(highest.Value) > 0)
            {
                highest = version;
            }
        }
        return highest is { } h ? $"{h.Major}.{h.Minor}.{h.Patch + 1}" : first;
    }
}
