using System.Globalization;
using System.Text.RegularExpressions;

namespace ModelSdk.Contracts.Compatibility;

/// <summary>
/// Checks that the new version is bumped as far as the contract changes need: breaking → major (for 0.x a minor
/// bump, as SemVer lets 0.x change anything), additive → minor, anything else → a higher version.
/// </summary>
public static partial class VersionGate
{
    public static IReadOnlyList<Diagnostic> Check(
        string baselineVersion,
        string version,
        IReadOnlyList<ContractChange> changes,
        bool allowBreaking,
        string baselineName,
        string? file = null
    )
    {
        var old = Parse(baselineVersion, $"The baseline ({baselineName}) version", file);
        var now = Parse(version, "Version", file);
        var required = ContractComparer.Required(changes);
        if (required is null)
        {
            return [];
        }
        var list = string.Join("", changes.Select(c => $"\n  - [{c.Severity.ToString().ToLowerInvariant()}] {c}"));
        var from = $"version {baselineVersion} ({baselineName}) to {version}";
        if (required == ChangeSeverity.Breaking && !IsMajorBump(old, now))
        {
            return allowBreaking
                ?
                [
                    Diagnostic.Warning(
                        ErrorCodes.BreakingChangeAccepted,
                        $"The contract changes from {from} break clients; accepted because ModelAllowBreakingContractChange is true:{list}",
                        file
                    ),
                ]
                :
                [
                    Diagnostic.Error(
                        ErrorCodes.BreakingContractChange,
                        $"The contract changes from {from} break clients, which needs a major version (at least {NextMajor(old)}):{list}\nRaise Version to {NextMajor(old)}, undo the changes, or set ModelAllowBreakingContractChange=true to release the break deliberately.",
                        file
                    ),
                ];
        }
        if (
            required == ChangeSeverity.Additive
            && !IsMajorBump(old, now)
            && !(now.Major == old.Major && now.Minor > old.Minor)
        )
        {
            return
            [
                Diagnostic.Error(
                    ErrorCodes.AdditiveContractChange,
                    $"The contract changes from {from} add to the interface, which needs a minor version (at least {old.Major}.{old.Minor + 1}.0):{list}\nRaise Version to {old.Major}.{old.Minor + 1}.0, or undo the changes.",
                    file
                ),
            ];
        }
        if (Compare(now, old) <= 0)
        {
            return
            [
                Diagnostic.Error(
                    ErrorCodes.ContractChangedWithoutVersion,
                    $"The contract changed from {from}, but the version is not higher than the baseline's:{list}\nRaise Version above {baselineVersion}.",
                    file
                ),
            ];
        }
        return [];
    }

    private static bool IsMajorBump(
        (long Major, long Minor, long Patch, string Pre) old,
        (long Major, long Minor, long Patch, string Pre) now
    ) => now.Major > old.Major || (old.Major == 0 && now.Major == 0 && now.Minor > old.Minor);

    private static string NextMajor((long Major, long Minor, long Patch, string Pre) v) =>
        v.Major == 0 ? $"0.{v.Minor + 1}.0" : $"{v.Major + 1}.0.0";

    private static int Compare(
        (long Major, long Minor, long Patch, string Pre) a,
        (long Major, long Minor, long Patch, string Pre) b
    )
    {
        var c = (a.Major, a.Minor, a.Patch).CompareTo((b.Major, b.Minor, b.Patch));
        if (c != 0)
            return c;
        // A release is above its prereleases; prereleases compare by their text (good enough for rc.1 < rc.2).
        return (a.Pre.Length == 0, b.Pre.Length == 0) switch
        {
            (true, true) => 0,
            (true, false) => 1,
            (false, true) => -1,
            _ => string.CompareOrdinal(a.Pre, b.Pre),
        };
    }

    /// <summary>major.minor.patch[-pre][+build] (a leading v allowed); throws MODEL0437 otherwise.</summary>
    public static (long Major, long Minor, long Patch, string Pre) Parse(string text, string what, string? file = null)
    {
        var m = SemVer().Match(text.Trim());
        if (!m.Success)
        {
            throw new ModelSdkException(
                ErrorCodes.BaselineVersionInvalid,
                $"{what} '{text}' is not a SemVer version (major.minor.patch), so the contract change cannot be checked against it. Use a version like 1.2.0.",
                file
            );
        }
        long N(int g) => long.Parse(m.Groups[g].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        return (N(1), N(2), N(3), m.Groups[4].Value);
    }

    public static bool TryParse(string text, out (long Major, long Minor, long Patch, string Pre) version)
    {
        var m = SemVer().Match(text.Trim());
        version = m.Success ? Parse(text, "") : default;
        return m.Success;
    }

    /// <summary>The highest of <paramref name="versions"/> below <paramref name="version"/>: the previous release.</summary>
    public static string? Previous(IEnumerable<string> versions, string version)
    {
        var current = Parse(version, "Version");
        return versions
            .Where(v => TryParse(v, out var p) && Compare(p, current) < 0)
            .Select(v => (Text: v, V: Parse(v, "")))
            .Where(v => v.V.Pre.Length == 0 || current.Pre.Length > 0)
            .OrderByDescending(v => v.V, Comparer<(long, long, long, string)>.Create((a, b) => Compare(a, b)))
            .Select(v => v.Text)
            .FirstOrDefault();
    }

    [GeneratedRegex(
        @"^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$",
        RegexOptions.CultureInvariant
    )]
    private static partial Regex SemVer();
}
