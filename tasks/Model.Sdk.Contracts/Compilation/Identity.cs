using System.Text.RegularExpressions;

namespace ModelSdk.Contracts.Compilation;

/// <summary>Rules for model names (they become folder names and URL segments) and SemVer 2 versions.</summary>
internal static partial class Identity
{
    public const int MaxNameLength = 128;

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex NameChars();

    // The SemVer 2.0.0 grammar (semver.org), anchored.
    [GeneratedRegex(
        @"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-((0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$"
    )]
    private static partial Regex SemVer();

    /// <summary>Reports MODEL0013 for names that would leave the output folder, MODEL0018 for other bad names.</summary>
    public static bool CheckName(string name, string what, string fix, string file, DiagnosticBag bag)
    {
        if (name is "." or ".." || name.Contains('/') || name.Contains('\\'))
        {
            bag.Error(
                ErrorCodes.PathEscapesOutput,
                $"{what} '{name}' would be written outside the output folder; use only letters, digits, '-', '_' and '.', without path separators: {fix}.",
                file
            );
            return false;
        }
        if (name.Length == 0 || name.Length > MaxNameLength || !NameChars().IsMatch(name))
        {
            bag.Error(
                ErrorCodes.InvalidModelName,
                $"{what} '{name}' is not a valid model name; use 1 to {MaxNameLength} letters, digits, '-', '_' or '.': {fix}.",
                file
            );
            return false;
        }
        return true;
    }

    public static bool IsSemVer(string version) => SemVer().IsMatch(version);
}
