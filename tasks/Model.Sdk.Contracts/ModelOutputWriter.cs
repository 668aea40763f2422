using System.Globalization;
using System.Text;
using ModelSdk.Contracts.Writers;

namespace ModelSdk.Contracts;

/// <summary>
/// Writes the model folder ($(OutputPath)model/): contract.json, contract.protobin, serving.yaml, README.md,
/// labels and model files. Every file is written atomically; returns the files written, relative to the folder.
/// </summary>
public static class ModelOutputWriter
{
    /// <param name="previouslyWritten">
    /// What the previous build returned here. Of those, files this build does not write again are deleted; nothing
    /// else in the folder is touched, whatever the folder is.
    /// </param>
    public static IReadOnlyList<string> Write(
        ContractSet contracts,
        string outputDirectory,
        IReadOnlyCollection<string>? previouslyWritten = null
    )
    {
        var (texts, copies) = RenderInvariant(contracts);
        // Temporaries of a build that was killed mid-write must not ship (the caller holds the build lock).
        Guard(".", outputDirectory, () => AtomicFile.SweepTemporaries(outputDirectory));

        // Model files first: they are what fails in practice (disk space, a vanished source), and a failure there
        // leaves the previous contract files untouched.
        var written = new List<string>();
        foreach (var (path, source) in copies)
        {
            Guard(path, outputDirectory, () => ModelFilePlacement.Place(source, Full(outputDirectory, path)));
            written.Add(path);
        }
        foreach (var (path, bytes) in texts)
        {
            Guard(path, outputDirectory, () => AtomicFile.WriteAllBytes(Full(outputDirectory, path), bytes));
            written.Add(path);
        }
        RemoveStaleFiles(outputDirectory, previouslyWritten ?? [], written);
        return written;
    }

    /// <summary>
    /// Renders every text file under the invariant culture: they are data that ship in images and packages, so the
    /// machine's number format (e.g. sv-SE writes '-1' with U+2212) must never reach them.
    /// </summary>
    private static (List<(string Path, byte[] Bytes)> Texts, List<(string Path, string Source)> Copies) RenderInvariant(
        ContractSet contracts
    )
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
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
                if (layout.ConfigFile(model) is { } config)
                {
                    copies.Add((config, model.ConfigFile!.SourceFile));
                }
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
            return (texts, copies);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    /// <summary>
    /// The folder becomes the image's /model/: a file an earlier build wrote for a model or labels file that is gone
    /// now must not ship. Only files that an earlier build listed as written are candidates.
    /// </summary>
    private static void RemoveStaleFiles(
        string outputDirectory,
        IReadOnlyCollection<string> previouslyWritten,
        IReadOnlyCollection<string> written
    )
    {
        var keep = written.ToHashSet(StringComparer.Ordinal);
        foreach (var stale in previouslyWritten.Where(p => !keep.Contains(p)))
        {
            var full = Full(outputDirectory, stale);
            Guard(stale, outputDirectory, () => File.Delete(full));
            for (
                var dir = Path.GetDirectoryName(full);
                dir is not null && IsBelow(dir, outputDirectory);
                dir = Path.GetDirectoryName(dir)
            )
            {
                if (!Directory.Exists(dir) || Directory.EnumerateFileSystemEntries(dir).Any())
                {
                    break;
                }
                Directory.Delete(dir);
            }
        }
    }

    private static bool IsBelow(string path, string folder)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(folder), Path.GetFullPath(path));
        return relative != "." && !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
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
