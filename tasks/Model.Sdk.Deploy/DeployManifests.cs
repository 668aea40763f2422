namespace ModelSdk.Deploy;

/// <summary>Writes kubernetes.yaml, kserve.yaml and kserve-modelcar.yaml (atomically, deterministic bytes).</summary>
public static class DeployManifests
{
    public const string KubernetesFile = "kubernetes.yaml";
    public const string KServeFile = "kserve.yaml";
    public const string ModelcarFile = "kserve-modelcar.yaml";

    public static IReadOnlyDictionary<string, string> Render(DeploySpec spec)
    {
        var header = Header(spec);
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [KubernetesFile] = YamlText.Write(KubernetesManifests.Documents(spec), header),
            [KServeFile] = YamlText.Write(KServeManifests.Documents(spec), header),
            [ModelcarFile] = YamlText.Write(KServeManifests.ModelcarDocuments(spec), header),
        };
    }

    /// <summary>Resolves the request and writes the files into <paramref name="directory"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(DeployRequest request, string directory)
    {
        var spec = DeploySpec.Resolve(request);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var (file, text) in Render(spec))
        {
            var path = Path.Combine(directory, file);
            AtomicFile.WriteAllText(path, text);
            written.Add(path);
        }
        return written;
    }

    private static List<string> Header(DeploySpec spec)
    {
        var lines = new List<string>
        {
            $"Model '{spec.ModelName}' {spec.Version}, written by Model.Sdk (dotnet build -t:ModelManifests, dotnet publish).",
            $"Image {spec.TaggedImage}, pinned by digest.",
        };
        if (!spec.Pushed)
        {
            lines.Add(
                "Not pushed: the digest is the local build's (bin/<Configuration>/image.digest) and the repository"
            );
            lines.Add($"'{spec.ImageRepository}' has no registry, so a cluster cannot pull it yet. `dotnet publish");
            lines.Add(
                "-p:ContainerRegistry=<registry>` pushes the image and rewrites this file with the pushed reference."
            );
        }
        return lines;
    }
}
