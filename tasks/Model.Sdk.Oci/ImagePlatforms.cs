namespace ModelSdk.Oci;

/// <summary>The platforms an image is built for, from ContainerRuntimeIdentifiers or ContainerRuntimeIdentifier.</summary>
public static class ImagePlatforms
{
    /// <summary>The runtime identifiers an image can be built for, in the order an index lists them.</summary>
    public static readonly IReadOnlyList<string> Supported = ["linux-x64", "linux-arm64", "linux-arm"];

    /// <summary>
    /// Two or more ContainerRuntimeIdentifiers: one platform each, in <see cref="Supported"/> order whatever order
    /// they are written in (so the index digest does not depend on it), duplicates dropped. One: that platform.
    /// None: ContainerRuntimeIdentifier's platform (linux/amd64 by default).
    /// </summary>
    public static IReadOnlyList<Platform> FromRequest(ModelImageRequest request)
    {
        var rids = request
            .RuntimeIdentifiers.Select(r => r.Trim())
            .Where(r => r.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (rids.Count == 0)
        {
            return [Platform.FromRuntimeIdentifier(request.RuntimeIdentifier)];
        }
        var unsupported = rids.Where(r => !Supported.Contains(r, StringComparer.Ordinal)).ToList();
        if (unsupported.Count > 0)
        {
            throw new ModelSdkException(
                ErrorCodes.ContainerRuntimeIdentifiersInvalid,
                $"ContainerRuntimeIdentifiers lists {string.Join(", ", unsupported.Select(r => $"'{r}'"))}, which Model.Sdk cannot build an image for. Supported: {string.Join(", ", Supported)} (the embedded base image has linux-x64 and linux-arm64; linux-arm needs a ContainerBaseImage for linux/arm), e.g. ContainerRuntimeIdentifiers=\"linux-x64;linux-arm64\"."
            );
        }
        return rids.OrderBy(r => Supported.ToList().IndexOf(r)).Select(Platform.FromRuntimeIdentifier).ToList();
    }
}
