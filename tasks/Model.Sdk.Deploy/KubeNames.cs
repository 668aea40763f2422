using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ModelSdk.Deploy;

/// <summary>Kubernetes naming rules (apimachinery's validation) and quantity spelling.</summary>
public static partial class KubeNames
{
    /// <summary>KServe appends "-predictor" (and Knative more) to the InferenceService name: keep room for it.</summary>
    public const int MaxNameLength = 45;

    /// <summary>
    /// The model name as a DNS-1035 label (Service and InferenceService names must be one): lower-cased, every run
    /// of other characters turned into one '-', '-' trimmed from both ends. Null when that leaves no name starting
    /// with a letter or a name too long.
    /// </summary>
    public static string? ToDnsLabel(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            var keep = c is >= 'a' and <= 'z' or >= '0' and <= '9';
            if (keep)
                text.Append(c);
            else if (text.Length > 0 && text[^1] != '-')
                text.Append('-');
        }
        var label = text.ToString().Trim('-');
        return IsDnsLabel(label) ? label : null;
    }

    public static bool IsDnsLabel(string text) => text.Length <= MaxNameLength && DnsLabel().IsMatch(text);

    /// <summary>A namespace is a DNS-1123 label: up to 63 of a-z, 0-9, '-', alphanumeric at both ends.</summary>
    public static bool IsNamespace(string text) => text.Length <= 63 && Dns1123Label().IsMatch(text);

    /// <summary>A label or annotation key: an optional DNS-1123 subdomain prefix and '/', then a name of up to 63.</summary>
    public static bool IsQualifiedName(string key)
    {
        var slash = key.IndexOf('/');
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length is 0 or > 253 || !prefix.Split('.').All(p => p.Length <= 63 && Dns1123Label().IsMatch(p)))
                return false;
        }
        return name.Length is > 0 and <= 63 && QualifiedName().IsMatch(name);
    }

    /// <summary>A label value: empty, or up to 63 of letters, digits, '-', '_', '.', alphanumeric at both ends.</summary>
    public static bool IsLabelValue(string value) =>
        value.Length == 0 || (value.Length <= 63 && QualifiedName().IsMatch(value));

    /// <summary>A label value made of any text: other characters become '_' (SemVer build metadata '+').</summary>
    public static string ToLabelValue(string text)
    {
        var value = new string(
            text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_').ToArray()
        );
        value = value.Length > 63 ? value[..63] : value;
        return value.Trim('-', '_', '.');
    }

    public static bool IsEnvironmentName(string name) => EnvName().IsMatch(name);

    /// <summary>CPU cores as a quantity: whole cores plain ("2"), else millicores ("500m"), rounded up.</summary>
    public static string Cpu(double cores)
    {
        var millis = (long)Math.Ceiling(Math.Round(cores * 1000, 6));
        return millis % 1000 == 0
            ? (millis / 1000).ToString(CultureInfo.InvariantCulture)
            : millis.ToString(CultureInfo.InvariantCulture) + "m";
    }

    public static string MemoryMiB(long megabytes) => megabytes.ToString(CultureInfo.InvariantCulture) + "Mi";

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex QualifiedName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvName();
}
