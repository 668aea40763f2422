namespace ModelSdk.Oci;

/// <summary>
/// Splits the model folder into layers placed under /model/: one layer per large model file (largest churn, own
/// cache entry), one layer with the small model files, and the contract/config layer last, so changing the contract
/// re-ships only that small layer. A "model file" is anything under a files/ folder (files/ or &lt;name&gt;/files/).
/// </summary>
public static class ModelFolderLayers
{
    /// <summary>
    /// Files from this size up get their own layer. Below it the per-layer cost (a registry round trip, a
    /// manifest entry) outweighs the reuse; above it a separate layer saves re-pushing the bytes.
    /// </summary>
    public const long DefaultLargeFileThreshold = 16L * 1024 * 1024;

    public const string ImageRoot = "model";

    public static IReadOnlyList<LayerSpec> Describe(
        string modelDirectory,
        long largeFileThreshold = DefaultLargeFileThreshold
    )
    {
        var root = Path.GetFullPath(modelDirectory);
        if (!Directory.Exists(root) || !File.Exists(Path.Combine(root, "contract.json")))
        {
            throw new ModelSdkException(
                ErrorCodes.ModelFolderInvalid,
                $"The model folder '{root}' has no contract.json. The contract step writes it; build the project again (dotnet build) rather than running the image target alone.",
                root
            );
        }
        var large = new List<LayerEntry>();
        var small = new List<LayerEntry>();
        var contract = new List<LayerEntry>();
        var files = Directory
            .EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => (Full: f, Relative: Path.GetRelativePath(root, f).Replace('\\', '/')))
            .Where(f => !IsTemporary(f.Relative))
            .OrderBy(f => f.Relative, StringComparer.Ordinal);
        foreach (var (full, relative) in files)
        {
            var entry = LayerEntry.FromFile(full, $"{ImageRoot}/{relative}", executable: false);
            if (!IsModelFile(relative))
            {
                contract.Add(entry);
            }
            else if (entry.Size >= largeFileThreshold)
            {
                large.Add(entry);
            }
            else
            {
                small.Add(entry);
            }
        }
        var layers = large.Select(e => new LayerSpec($"model file {e.PathInImage}", [e])).ToList();
        if (small.Count > 0)
        {
            layers.Add(new LayerSpec("small model files", small));
        }
        layers.Add(new LayerSpec("contract and configuration", contract));
        return layers;
    }

    private static bool IsModelFile(string relative)
    {
        var parts = relative.Split('/');
        return (parts.Length > 1 && parts[0] == "files") || (parts.Length > 2 && parts[1] == "files");
    }

    // AtomicFile leaves ".name.guid.tmp" siblings only while writing; never ship them.
    private static bool IsTemporary(string relative) =>
        Path.GetFileName(relative) is var name
        && name.StartsWith('.')
        && name.EndsWith(".tmp", StringComparison.Ordinal);
}
