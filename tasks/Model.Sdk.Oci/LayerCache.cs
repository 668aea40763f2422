using System.Text;
using System.Text.Json;

namespace ModelSdk.Oci;

/// <summary>
/// Remembers the layers of the last build by a key over each entry's path, mode, source path, size and last write
/// time, so an unchanged layer is reused without reading a byte of its files. The blobs live in the cache
/// directory and are hard-linked into the layout.
/// </summary>
public sealed class LayerCache
{
    private const string IndexFile = "layers.json";
    private readonly string _directory;
    private readonly Dictionary<string, LayerDescriptor> _entries;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public LayerCache(string directory)
    {
        _directory = Path.GetFullPath(directory);
        _entries = Load(Path.Combine(_directory, IndexFile));
    }

    public string BlobDirectory => Path.Combine(_directory, "blobs", "sha256");

    public string BlobPath(string digest) => Path.Combine(BlobDirectory, Digest.Hex(digest));

    public static string Key(LayerSpec spec, LayerCompression compression, long modificationTime)
    {
        var text = new StringBuilder();
        text.Append("v1\n").Append(compression).Append('\n').Append(modificationTime).Append('\n');
        foreach (var e in LayerWriter.WithParents(spec.Entries))
        {
            text.Append(e.PathInImage)
                .Append('\0')
                .Append(e.Kind)
                .Append('\0')
                .Append(e.Mode)
                .Append('\0')
                .Append(e.SourcePath)
                .Append('\0')
                .Append(e.Size)
                .Append('\0')
                .Append(e.LastWriteTicks)
                .Append('\0')
                .Append(e.LinkTarget)
                .Append('\0')
                .Append(e.Identity)
                .Append('\n');
        }
        return Digest.Of(Encoding.UTF8.GetBytes(text.ToString()));
    }

    public LayerDescriptor? TryGet(string key)
    {
        if (_entries.TryGetValue(key, out var layer) && File.Exists(BlobPath(layer.Digest)))
        {
            var length = new FileInfo(BlobPath(layer.Digest)).Length;
            if (length == layer.Size)
            {
                _used.Add(key);
                return layer;
            }
        }
        return null;
    }

    public void Add(string key, LayerDescriptor layer)
    {
        _entries[key] = layer;
        _used.Add(key);
    }

    /// <summary>Keeps only the layers this build used (older blobs are deleted) and saves the index.</summary>
    public void Save()
    {
        var kept = _entries.Where(e => _used.Contains(e.Key)).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        var keptDigests = kept.Select(e => Digest.Hex(e.Value.Digest)).ToHashSet(StringComparer.Ordinal);
        if (Directory.Exists(BlobDirectory))
        {
            foreach (var blob in Directory.EnumerateFiles(BlobDirectory))
            {
                if (!keptDigests.Contains(Path.GetFileName(blob)))
                {
                    File.Delete(blob);
                }
            }
        }
        var json = JsonSerializer.Serialize(kept.ToDictionary(e => e.Key, e => e.Value));
        AtomicFile.WriteAllText(Path.Combine(_directory, IndexFile), json);
    }

    private static Dictionary<string, LayerDescriptor> Load(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                return JsonSerializer.Deserialize<Dictionary<string, LayerDescriptor>>(File.ReadAllText(path)) ?? [];
            }
        }
        catch (JsonException) { }
        return new Dictionary<string, LayerDescriptor>(StringComparer.Ordinal);
    }
}
