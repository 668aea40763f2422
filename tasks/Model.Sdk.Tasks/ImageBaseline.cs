using System.IO.Compression;
using Microsoft.Build.Utilities;
using ModelSdk.Contracts.Compatibility;
using ModelSdk.Registry;

namespace ModelSdk.Tasks;

/// <summary>Reads a released contract from an image in a registry: the layers, last first, until contract.json.</summary>
internal static class ImageBaseline
{
    public static IReadOnlyList<string> Tags(
        string registry,
        string repository,
        string[] insecure,
        TaskLoggingHelper log
    )
    {
        using var client = Client(insecure, log);
        return client.ListTagsAsync(registry, repository).GetAwaiter().GetResult();
    }

    public static ContractSnapshot Read(ImageReference image, string[] insecure, TaskLoggingHelper log)
    {
        using var client = Client(insecure, log);
        var resolved = client.ResolveAsync(image).GetAwaiter().GetResult();
        var temp = Directory.CreateTempSubdirectory("model-sdk-baseline-");
        try
        {
            var layers = resolved
                .Manifest.Layers.Reverse()
                .Select(
                    (layer, i) =>
                    {
                        var path = Path.Combine(temp.FullName, $"{i}.layer");
                        client.DownloadBlobAsync(image, layer, path).GetAwaiter().GetResult();
                        Stream stream = File.OpenRead(path);
                        return layer.MediaType.EndsWith("gzip", StringComparison.Ordinal)
                            ? new GZipStream(stream, CompressionMode.Decompress)
                            : stream;
                    }
                );
            return BaselineReader.FromLayers(layers, $"image {image}");
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    private static RegistryClient Client(string[] insecure, TaskLoggingHelper log) =>
        new(
            new RegistryOptions
            {
                InsecureRegistries = insecure.Select(r => r.Trim()).Where(r => r.Length > 0).ToArray(),
                Credentials = CredentialResolver.FromProcess(new SecretRedactor()),
                Log = new PublishRegistryLog(log),
            }
        );
}
