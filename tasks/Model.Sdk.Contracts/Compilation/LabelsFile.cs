namespace ModelSdk.Contracts.Compilation;

/// <summary>One label per line; lines are trimmed and blank lines ignored.</summary>
public static class LabelsFile
{
    public static IReadOnlyList<string> Read(string path) => Normalize(File.ReadAllLines(path));

    public static IReadOnlyList<string> Normalize(IEnumerable<string> lines) =>
        lines.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
}
