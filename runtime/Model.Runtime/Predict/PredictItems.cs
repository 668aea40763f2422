using System.Text.Json;
using ModelRuntime.Typed;

namespace ModelRuntime.Predict;

/// <summary>One item of a dataset: its id as JSON (a relative path or a line number) and how to read it.</summary>
public sealed record PredictItem(string IdJson, Func<CancellationToken, Task<Instance>> Load);

/// <summary>
/// The items of the inputs, in a fixed order: a folder gives every image file under it (recursively, sorted by
/// ordinal path), a <c>.jsonl</c> file one v1 instance per non-blank line, any other file one image. Ids are the
/// path relative to the folder (or the file as given) and the 1-based line number; with several inputs an id is
/// prefixed by its input ("images/a.jpg", "records.jsonl:3") so ids stay unique. Records are not held in memory:
/// <see cref="Items"/> reads them as it goes, so a dataset larger than memory runs; load its items in order.
/// </summary>
public sealed class PredictItems : IDisposable
{
    public static readonly IReadOnlySet<string> ImageExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg",
        ".jpeg",
        ".png",
        ".bmp",
        ".gif",
        ".webp",
    };

    private readonly List<Func<IEnumerable<PredictItem>>> _parts = [];
    private readonly List<JsonlFile> _files = [];

    private PredictItems() { }

    public int Count { get; private set; }

    /// <summary>Every item, made as it is enumerated.</summary>
    public IEnumerable<PredictItem> Items => _parts.SelectMany(part => part());

    /// <summary>The items; throws <see cref="FileNotFoundException"/> for an input that is not there.</summary>
    public static PredictItems Enumerate(IReadOnlyList<string> inputs)
    {
        var items = new PredictItems();
        try
        {
            foreach (var input in inputs)
                items.Add(input, prefixed: inputs.Count > 1);
            return items;
        }
        catch
        {
            items.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var file in _files)
            file.Dispose();
    }

    private void Add(string input, bool prefixed)
    {
        if (Directory.Exists(input))
        {
            var images = Folder(input, prefixed).ToArray();
            Count += images.Length;
            _parts.Add(() => images);
        }
        else if (!File.Exists(input))
            throw new FileNotFoundException($"'{input}' is neither a file nor a folder");
        else if (input.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            var file = JsonlFile.Open(input);
            _files.Add(file);
            Count += file.Lines.Count;
            _parts.Add(() => Records(file, prefixed));
        }
        else
        {
            Count++;
            var image = Image(input, Id(input.Replace('\\', '/')));
            _parts.Add(() => [image]);
        }
    }

    private static IEnumerable<PredictItem> Folder(string folder, bool prefixed)
    {
        var root = Path.GetFullPath(folder);
        return Directory
            .EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f)))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(rel => Image(Path.Combine(root, rel), Id(prefixed ? $"{folder.TrimEnd('/', '\\')}/{rel}" : rel)));
    }

    private static IEnumerable<PredictItem> Records(JsonlFile file, bool prefixed)
    {
        foreach (var line in file.Lines)
        {
            var id = prefixed
                ? Id($"{file.Path}:{line.Number}")
                : line.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // The same parser as POST /v1/models/{name}:predict, so a line means what one of a request's
            // "instances" means.
            yield return new PredictItem(id, _ => Task.FromResult(V1Request.ParseInstance(file.Read(line))));
        }
    }

    private static PredictItem Image(string path, string id) =>
        new(id, async ct => Instance.Single(new ImageValue(await File.ReadAllBytesAsync(path, ct))));

    private static string Id(string text) => $"\"{JsonEncodedText.Encode(text)}\"";
}
