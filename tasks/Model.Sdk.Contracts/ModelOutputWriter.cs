using System.Text;
using ModelSdk.Contracts.Writers;

namespace ModelSdk.Contracts;

/// <summary>
/// Writes the model folder ($(OutputPath)model/): contract.json, contract.protobin, serving.yaml, README.md,
/// labels and model files. Every file is written atomically; returns the files written, relative to the folder.
/// </summary>
public static class ModelOutputWriter
{
    public static IReadOnlyList<string> Write(ContractSet contracts, string outputDirectory)
    {
        var layout = new OutputLayout(contracts);
        // Everything is rendered before the first write, so a rendering bug cannot leave a mixed folder.
        var texts = new List<(string Path, byte[] Bytes)>
        {
            (OutputLayout.ContractJson, ContractJsonWriter.Write(contracts)),
            (OutputLayout.ServingYaml, ServingYamlWriter.Write(contracts)),
            (OutputLayout.ModelCard, ModelCardWriter.Write(contracts)),
        };
        var copies = new List<(string Path, string Source)>();
        foreach (var model in contracts.Models)
        {
            texts.Add((layout.Protobin(model), ProtobinWriter.Write(model)));
            if (layout.Labels(model) is { } labels)
            {
                texts.Add((labels, Lines(model.Labels!)));
            }
            copies.Add((layout.ModelFile(model), model.SourceFile));
            copies.AddRange(model.ExternalData.Select(d => (layout.ExternalData(model, d), d.SourceFile)));
        }
        if (layout.Colors is { } colors)
        {
            texts.Add(
                (
                    colors,
                    Lines(
                        File.ReadAllLines(contracts.Preprocessing.ColorsFile!)
                            .Select(l => l.Trim())
                            .Where(l => l.Length > 0)
                    )
                )
            );
        }

        // Model files first: they are what fails in practice (disk space, a vanished source), and a failure there
        // leaves the previous contract files untouched.
        var written = new List<string>();
        foreach (var (path, source) in copies)
        {
            Guard(path, outputDirectory, () => CopyIfChanged(source, Full(outputDirectory, path)));
            written.Add(path);
        }
        foreach (var (path, bytes) in texts)
        {
            Guard(path, outputDirectory, () => AtomicFile.WriteAllBytes(Full(outputDirectory, path), bytes));
            written.Add(path);
        }
        RemoveStaleFiles(outputDirectory, written);
        return written;
    }

    /// <summary>
    /// The folder is ours and becomes the image's /model/: a file an earlier build wrote for a model or labels file
    /// that is gone now must not ship.
    /// </summary>
    private static void RemoveStaleFiles(string outputDirectory, IReadOnlyCollection<string> written)
    {
        var keep = written.Select(p => Path.GetFullPath(Full(outputDirectory, p))).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(outputDirectory, "*", SearchOption.AllDirectories))
        {
            if (!keep.Contains(Path.GetFullPath(file)))
            {
                Guard(Path.GetRelativePath(outputDirectory, file), outputDirectory, () => File.Delete(file));
            }
        }
        foreach (
            var dir in Directory
                .EnumerateDirectories(outputDirectory, "*", SearchOption.AllDirectories)
                .OrderByDescending(d => d.Length)
        )
        {
            if (!Directory.EnumerateFileSystemEntries(dir).Any())
            {
                Directory.Delete(dir);
            }
        }
    }

    /// <summary>Multi-GB models are copied only when size or modification time differ (the image step relies on the mtime).</summary>
    private static void CopyIfChanged(string source, string destination)
    {
        var from = new FileInfo(source);
        var to = new FileInfo(destination);
        if (to.Exists && to.Length == from.Length && to.LastWriteTimeUtc == from.LastWriteTimeUtc)
        {
            return;
        }
        AtomicFile.Copy(source, destination);
    }

    private static byte[] Lines(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }
        return new UTF8Encoding(false).GetBytes(text.ToString());
    }

    private static string Full(string outputDirectory, string relative) =>
        Path.Combine(outputDirectory, relative.Replace('/', Path.DirectorySeparatorChar));

    private static void Guard(string relative, string outputDirectory, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var full = Path.GetFullPath(Full(outputDirectory, relative));
            throw new ModelSdkException(
                ErrorCodes.OutputWriteFailed,
                $"Cannot write {full}: {e.Message} Check that the output folder is writable and has free space.",
                full,
                0,
                e
            );
        }
    }
}
