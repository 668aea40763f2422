using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using ModelSdk.ContractModel;

namespace ModelSdk.Contracts.Compatibility;

/// <summary>
/// Reads a released contract (contract.json and its labels) from a model folder, a model package (.nupkg, under
/// model/) or image layers (tar, under model/). <paramref name="source"/> names the baseline in messages.
/// </summary>
public static class BaselineReader
{
    private const long MaxSideFileBytes = 64L * 1024 * 1024;

    public static ContractSnapshot FromContractFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelSdkException(
                ErrorCodes.BaselineNotFound,
                $"ModelContractBaseline '{path}' does not exist. Point it at the contract.json of the released version (e.g. bin/Release/model/contract.json of that build), a package version on the feed, or an image reference.",
                path
            );
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return FromFiles(
            name =>
            {
                var full = Path.Combine(folder, name);
                return File.Exists(full) ? File.ReadAllBytes(full) : null;
            },
            path
        );
    }

    public static ContractSnapshot FromPackage(Stream nupkg, string source)
    {
        using var zip = new ZipArchive(nupkg, ZipArchiveMode.Read);
        return FromFiles(
            name =>
            {
                var entry = zip.GetEntry("model/" + name);
                if (entry is null || entry.Length > MaxSideFileBytes)
                    return null;
                using var s = entry.Open();
                using var copy = new MemoryStream();
                s.CopyTo(copy);
                return copy.ToArray();
            },
            source
        );
    }

    /// <summary>Image layers, last first (the contract layer is the last); later layers win, as in the image.</summary>
    public static ContractSnapshot FromLayers(IEnumerable<Stream> layersLastFirst, string source)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var layer in layersLastFirst)
        {
            using var tar = new TarReader(layer);
            while (tar.GetNextEntry() is { } entry)
            {
                var name = entry.Name.TrimStart('.', '/');
                if (
                    entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile
                    && name.StartsWith("model/", StringComparison.Ordinal)
                    && (
                        name.EndsWith(".json", StringComparison.Ordinal)
                        || name.EndsWith(".txt", StringComparison.Ordinal)
                    )
                    && entry.Length <= MaxSideFileBytes
                    && entry.DataStream is { } data
                    && !files.ContainsKey(name[6..])
                )
                {
                    using var copy = new MemoryStream();
                    data.CopyTo(copy);
                    files[name[6..]] = copy.ToArray();
                }
            }
            if (files.ContainsKey("contract.json"))
                break;
        }
        return FromFiles(name => files.GetValueOrDefault(name), source);
    }

    public static ContractSnapshot FromFiles(Func<string, byte[]?> open, string source)
    {
        var bytes =
            open("contract.json")
            ?? throw new ModelSdkException(
                ErrorCodes.BaselineUnreadable,
                $"The baseline {source} has no model/contract.json: it is not a model built by Model.Sdk. Use a package or image of this model, or the contract.json of its earlier build."
            );
        ContractDocument document;
        try
        {
            document = ContractJson.Read(bytes);
        }
        catch (ContractFormatException e)
        {
            throw new ModelSdkException(
                ErrorCodes.BaselineUnreadable,
                $"The baseline contract.json of {source} cannot be read: {e.Message} Use the contract.json a Model.Sdk build wrote."
            );
        }
        var labels = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var details in document.ModelDetails)
        {
            if (details.Labels is { File.Length: > 0 } l && open(l.File) is { } text)
            {
                labels[details.Name] = Lines(text);
            }
        }
        return new ContractSnapshot(document, labels);
    }

    /// <summary>Lines as the labels file reader splits them: \n, \r\n or \r; a final newline makes no extra label.</summary>
    private static IReadOnlyList<string> Lines(byte[] utf8)
    {
        using var reader = new StringReader(new UTF8Encoding(false).GetString(utf8).TrimStart('\uFEFF'));
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
            lines.Add(line);
        return lines;
    }
}
