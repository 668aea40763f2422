using System.Text.Json;

namespace ModelSdk.Samples;

/// <summary>One golden sample's result as the runtime's <c>check</c> command wrote it.</summary>
public sealed record SampleResult(
    string Name,
    string File,
    string? Model,
    string? Expectation,
    bool Passed,
    string? Code,
    string Message,
    double DurationMs
);

/// <summary>Reads the results file of <c>Model.Runtime check</c> (see docs/samples.md).</summary>
public static class SampleResults
{
    public static IReadOnlyList<SampleResult> Read(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc
            .RootElement.GetProperty("samples")
            .EnumerateArray()
            .Select(s => new SampleResult(
                s.GetProperty("name").GetString() ?? "",
                s.GetProperty("file").GetString() ?? "",
                Text(s, "model"),
                Text(s, "expectation"),
                s.GetProperty("outcome").GetString() == "passed",
                Text(s, "code"),
                Text(s, "message") ?? "",
                s.TryGetProperty("durationMs", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetDouble() : 0
            ))
            .ToArray();
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>The summary line <c>dotnet test</c> prints for a test assembly, for the samples of a project.</summary>
    public static string Summary(IReadOnlyList<SampleResult> results, string project)
    {
        var failed = results.Count(r => !r.Passed);
        var total = TimeSpan.FromMilliseconds(results.Sum(r => r.DurationMs));
        var duration = total.TotalSeconds >= 1 ? $"{total.TotalSeconds:0} s" : $"{total.TotalMilliseconds:0} ms";
        return $"{(failed == 0 ? "Passed!" : "Failed!")}  - Failed: {failed, 5}, Passed: {results.Count - failed, 5}, Skipped: {0, 5}, Total: {results.Count, 5}, Duration: {duration} - {project}";
    }

    /// <summary>A sample's line as <c>dotnet test</c> prints a test: <c>  Passed name [12 ms]</c>.</summary>
    public static string Line(SampleResult r) => $"  {(r.Passed ? "Passed" : "Failed")} {r.Name} [{Ms(r.DurationMs)}]";

    private static string Ms(double ms) => ms < 1 ? "< 1 ms" : $"{ms:0} ms";

    /// <summary>
    /// Whether a sample is selected by a <c>dotnet test --filter</c> expression: <c>Name</c> or
    /// <c>FullyQualifiedName</c> with <c>=</c>, <c>!=</c> or <c>~</c> (contains), <c>|</c> (or) and <c>&amp;</c>
    /// (and); a bare word means <c>FullyQualifiedName~word</c>.
    /// </summary>
    public static bool Selected(string name, string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
            return true;
        return filter.Split('|').Any(any => any.Split('&').All(all => Matches(name, all.Trim().Trim('(', ')'))));
    }

    private static bool Matches(string name, string condition)
    {
        foreach (var op in new[] { "!=", "!~", "=", "~" })
        {
            var at = condition.IndexOf(op, StringComparison.Ordinal);
            if (at < 0)
                continue;
            var value = condition[(at + op.Length)..].Trim();
            return op switch
            {
                "!=" => name != value,
                "!~" => !name.Contains(value, StringComparison.OrdinalIgnoreCase),
                "=" => name == value,
                _ => name.Contains(value, StringComparison.OrdinalIgnoreCase),
            };
        }
        return name.Contains(condition, StringComparison.OrdinalIgnoreCase);
    }
}
