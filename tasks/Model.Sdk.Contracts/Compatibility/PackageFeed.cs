using System.Net;
using System.Text.Json;

namespace ModelSdk.Contracts.Compatibility;

/// <summary>
/// The versions and .nupkg of a package on a NuGet feed: a folder (flat <c>id.version.nupkg</c> files or the
/// <c>id/version/</c> layout dotnet nuget push writes) or a v3 HTTP feed (its PackageBaseAddress resource).
/// </summary>
public sealed class PackageFeed(string source, HttpClient? http = null)
{
    public bool IsFolder => !source.Contains("://", StringComparison.Ordinal);

    public IReadOnlyList<string> Versions(string id)
    {
        if (IsFolder)
        {
            return FolderPackages(id).Select(p => p.Version).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        }
        var index = Get($"{BaseAddress()}{id.ToLowerInvariant()}/index.json", allowMissing: true);
        if (index is null)
            return [];
        using var doc = JsonDocument.Parse(index);
        return doc.RootElement.GetProperty("versions").EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    public Stream Open(string id, string version)
    {
        if (IsFolder)
        {
            var match = FolderPackages(id)
                .FirstOrDefault(p => string.Equals(p.Version, version, StringComparison.OrdinalIgnoreCase));
            return match.Path is null ? throw NotFound(id, version) : File.OpenRead(match.Path);
        }
        var (lid, lv) = (id.ToLowerInvariant(), version.ToLowerInvariant());
        var bytes =
            Get($"{BaseAddress()}{lid}/{lv}/{lid}.{lv}.nupkg", allowMissing: true) ?? throw NotFound(id, version);
        return new MemoryStream(bytes);
    }

    private ModelSdkException NotFound(string id, string version) =>
        new(
            ErrorCodes.BaselineNotFound,
            $"The package {id} {version} is not on the feed '{source}'. Check ModelContractBaseline (the released version) and ModelContractBaselineSource (the feed it was pushed to; default ModelPackageSource)."
        );

    private IEnumerable<(string Version, string Path)> FolderPackages(string id)
    {
        if (!Directory.Exists(source))
            yield break;
        var prefix = id + ".";
        foreach (
            var file in Directory
                .EnumerateFiles(source, "*.nupkg", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
        )
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (
                name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && !name.EndsWith(".symbols", StringComparison.OrdinalIgnoreCase)
            )
            {
                var version = name[prefix.Length..];
                // "Model.Faces.1.0.0" must not count as a version of "Model": a version starts with a digit.
                if (version.Length > 0 && char.IsAsciiDigit(version[0]) && VersionGate.TryParse(version, out _))
                    yield return (version, file);
            }
        }
    }

    private string BaseAddress()
    {
        var index = Get(source, allowMissing: false)!;
        using var doc = JsonDocument.Parse(index);
        foreach (var resource in doc.RootElement.GetProperty("resources").EnumerateArray())
        {
            if (
                resource
                    .GetProperty("@type")
                    .GetString()
                    ?.StartsWith("PackageBaseAddress/3.0.0", StringComparison.Ordinal) == true
            )
            {
                var url = resource.GetProperty("@id").GetString()!;
                return url.EndsWith('/') ? url : url + "/";
            }
        }
        throw new ModelSdkException(
            ErrorCodes.BaselineNotFound,
            $"The feed '{source}' has no PackageBaseAddress/3.0.0 resource: it is not a NuGet v3 feed. Use its v3 index.json URL or a folder."
        );
    }

    private byte[]? Get(string url, bool allowMissing)
    {
        var client = http ?? new HttpClient();
        try
        {
            using var response = client.GetAsync(url).GetAwaiter().GetResult();
            if (allowMissing && response.StatusCode == HttpStatusCode.NotFound)
                return null;
            if (!response.IsSuccessStatusCode)
                throw new ModelSdkException(
                    ErrorCodes.BaselineNotFound,
                    $"The feed answered {(int)response.StatusCode} for {url}. Check ModelContractBaselineSource."
                );
            return response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        }
        catch (HttpRequestException e)
        {
            throw new ModelSdkException(
                ErrorCodes.BaselineNotFound,
                $"The feed '{source}' could not be reached ({e.Message}). Check ModelContractBaselineSource and the network."
            );
        }
        finally
        {
            if (http is null)
                client.Dispose();
        }
    }
}
