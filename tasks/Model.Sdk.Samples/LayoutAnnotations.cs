using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelSdk.Samples;

/// <summary>
/// Adds annotations to the manifest descriptors of an OCI layout's index.json. The index is not content-addressed:
/// the manifest, its config and layers (and so the image digest) stay as they are.
/// </summary>
public static class LayoutAnnotations
{
    public static void Add(string indexPath, IReadOnlyDictionary<string, string> annotations)
    {
        var index = JsonNode.Parse(File.ReadAllText(indexPath))!.AsObject();
        foreach (var manifest in index["manifests"]?.AsArray() ?? [])
        {
            if (manifest is not JsonObject m)
                continue;
            var existing = m["annotations"] as JsonObject ?? [];
            var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in existing)
            {
                if (!key.StartsWith(Measurements.AnnotationPrefix, StringComparison.Ordinal))
                    merged[key] = value?.GetValue<string>() ?? "";
            }
            foreach (var (key, value) in annotations)
                merged[key] = value;
            var result = new JsonObject();
            foreach (var (key, value) in merged)
                result[key] = value;
            m["annotations"] = result;
        }
        var temp = indexPath + ".tmp";
        File.WriteAllText(temp, index.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
        File.Move(temp, indexPath, overwrite: true);
    }
}
