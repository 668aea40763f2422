using System.Globalization;

namespace ModelRuntime.Check;

/// <summary>The command line of <c>check</c>.</summary>
public sealed record CheckArguments(
    string Samples,
    string Results,
    string ProjectDirectory,
    string? Measure,
    int Runs,
    double MaxSeconds
)
{
    public const string Usage =
        "usage: Model.Runtime [--contract=contract.json] check --samples <samples.tsv> --results <results.json> "
        + "[--project-dir <dir>] [--measure <measurements.json> [--runs N] [--max-seconds S]]";

    public static CheckArguments Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                error = $"unexpected argument '{args[i]}'";
                break;
            }
            values[args[i][2..]] = args[++i];
        }
        var runs = values.TryGetValue("runs", out var r) ? Int(r) : 30;
        var seconds = values.TryGetValue("max-seconds", out var s) ? Double(s) : 5;
        if (error is null && (!values.ContainsKey("samples") || !values.ContainsKey("results")))
            error = "--samples and --results are required";
        if (error is null && (runs is not > 0 || seconds is not > 0))
            error = "--runs must be a whole number > 0 and --max-seconds a number > 0";
        return new CheckArguments(
            values.GetValueOrDefault("samples", ""),
            values.GetValueOrDefault("results", ""),
            values.GetValueOrDefault("project-dir", Directory.GetCurrentDirectory()),
            values.GetValueOrDefault("measure"),
            runs ?? 0,
            seconds ?? 0
        );
    }

    private static int? Int(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static double? Double(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : null;
}
