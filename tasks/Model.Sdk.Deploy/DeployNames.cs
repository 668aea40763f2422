using System.Globalization;

namespace ModelSdk.Deploy;

/// <summary>Validation of the names, users and metadata a <see cref="DeployRequest"/> carries.</summary>
internal static class DeployNames
{
    public static string Name(DeployRequest request, string file)
    {
        if (!string.IsNullOrWhiteSpace(request.Name))
        {
            var given = request.Name.Trim();
            return KubeNames.IsDnsLabel(given)
                ? given
                : throw new ModelSdkException(
                    ErrorCodes.DeployNameInvalid,
                    $"ModelDeployName '{given}' is not a Kubernetes name: use 1-{KubeNames.MaxNameLength} lowercase letters, digits and '-', starting with a letter and not ending with '-'.",
                    file
                );
        }
        return KubeNames.ToDnsLabel(request.ModelName)
            ?? throw new ModelSdkException(
                ErrorCodes.DeployNameInvalid,
                $"The model name '{request.ModelName}' cannot be made a Kubernetes name (lowercase letters, digits and '-', starting with a letter, at most {KubeNames.MaxNameLength} characters). Set ModelDeployName, e.g. <ModelDeployName>model-{Suggestion(request.ModelName)}</ModelDeployName>.",
                file
            );
    }

    private static string Suggestion(string name)
    {
        var label = KubeNames.ToDnsLabel("m" + name)?[1..].Trim('-') ?? "";
        return label.Length is > 0 and < 30 ? label : "1";
    }

    public static string? Namespace(string? text, string file)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var ns = text.Trim();
        return KubeNames.IsNamespace(ns)
            ? ns
            : throw new ModelSdkException(
                ErrorCodes.DeployNamespaceInvalid,
                $"ModelDeployNamespace '{ns}' is not a Kubernetes namespace: use 1-63 lowercase letters, digits and '-', starting and ending with a letter or digit.",
                file
            );
    }

    public static string ServiceType(string? text, string file)
    {
        if (string.IsNullOrWhiteSpace(text))
            return "ClusterIP";
        var match = DeploySpec.ServiceTypes.FirstOrDefault(t =>
            t.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase)
        );
        return match
            ?? throw new ModelSdkException(
                ErrorCodes.DeployServiceTypeInvalid,
                $"ModelServiceType '{text.Trim()}' is not a Service type this SDK writes. Use {string.Join(", ", DeploySpec.ServiceTypes)}.",
                file
            );
    }

    /// <summary>runAsNonRoot needs a numeric, non-zero user to check: ContainerUser must be "uid" or "uid:gid".</summary>
    public static (long Uid, long Gid) User(string? text, string file)
    {
        var user = string.IsNullOrWhiteSpace(text) ? "1000:1000" : text.Trim();
        var parts = user.Split(':');
        var ok = parts.Length is 1 or 2;
        long uid = 0,
            gid = 0;
        ok = ok && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out uid) && uid > 0;
        ok =
            ok
            && (parts.Length == 1 || long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out gid));
        if (!ok)
        {
            throw new ModelSdkException(
                ErrorCodes.DeployUserInvalid,
                $"ContainerUser '{user}' cannot run under the manifests' runAsNonRoot: Kubernetes checks a numeric user id that is not 0. Set ContainerUser to ids, e.g. 1000:1000.",
                file
            );
        }
        return (uid, parts.Length == 2 ? gid : uid);
    }

    public static IReadOnlyList<KeyValuePair<string, string>> Metadata(
        IReadOnlyList<KeyValuePair<string, string>> items,
        string itemName,
        bool labels,
        string file
    )
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in items)
        {
            var what =
                !KubeNames.IsQualifiedName(key) ? $"key '{key}' is not a Kubernetes label or annotation key"
                : labels && !KubeNames.IsLabelValue(value) ? $"value '{value}' of '{key}' is not a label value"
                : null;
            if (what is not null)
            {
                throw new ModelSdkException(
                    ErrorCodes.DeployMetadataInvalid,
                    $"{itemName}: {what}. Keys are an optional DNS prefix and '/', then up to 63 letters, digits, '-', '_', '.' (e.g. team.example.com/owner); label values are up to 63 of the same, starting and ending with a letter or digit.",
                    file
                );
            }
            result[key] = value;
        }
        return result.ToList();
    }
}
