using System.Text;
using System.Text.Json;
using ModelRuntime.Typed;

namespace ModelRuntime.Predict;

/// <summary>One item of a dataset: its id as JSON (a relative path or a line number) and how to read it.</summary>
public sealed record PredictItem(string IdJson, Func<CancellationToken, Task<Instance>> Load);

/// <summary>
/// The items of the inputs, in a fixed order: a folder gives every image file under it (recursively, sorted by
/// ordinal path), a <c>.jsonl</c> file one v1 instance per non-empty line, any other file one image. Ids are the
/// path relative to the folder (or the file as given) and the 1-based line number; with several inputs an id is
/// prefixed by its input ("images/a.jpg", "records.jsonl:3") so ids stay unique.
/// </summary>
public static class PredictItems
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

    /// <summary>The items; throws <see cref="FileNotFoundException"/> for an input that is not there.</summary>
    public static IReadOnlyList<PredictItem> Enumerate(IReadOnlyList<string> inputs)
    {
        var items = new List<PredictItem>();
        var prefixed = inputs.Count > 1;
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
                items.AddRange(Folder(input, prefixed));
            else if (!File.Exists(input))
                throw new FileNotFoundException($"'{input}' is neither a file nor a folder");
            else if (input.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
                items.AddRange(Records(input, prefixed));
            else
                items.Add(Image(input, Id(input.Replace('\\', '/'))));
        }
        return items;
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

    private static IEnumerable<PredictItem> Records(string file, bool prefixed)
    {
        var lines = File.ReadAllLines(file);
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
                continue;
            var line = lines[i];
            var id = prefixed
                ? Id($"{file}:{i + 1}")
                : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            yield return new PredictItem(id, ct => Record(line, ct));
        }
    }

    private static PredictItem Image(string path, string id) =>
        new(id, async ct => Instance.Single(new ImageValue(await File.ReadAllBytesAsync(path, ct))));

    // The same parser as POST /v1/models/{name}:predict, so a line means what it means in a request's "instances".
    private static async Task<Instance> Record(string line, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes($"{{\"instances\":[{line}\n]}}");
        var instances = await V1Request.ParseAsync("application/json", body, 1, ct);
        return instances[0];
    }

    private static string Id(string text) => $"\"{JsonEncodedText.Encode(text)}\"";
}
