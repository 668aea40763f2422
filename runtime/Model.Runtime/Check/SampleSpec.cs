using System.Globalization;

namespace ModelRuntime.Check;

/// <summary>How a sample's input file is read: a v2 request, an image, or a v1 instance (JSON record).</summary>
public enum SampleInputKind
{
    Request,
    Image,
    Record,
}

/// <summary>Numbers match when |actual - expected| &lt;= Absolute + Relative * |expected| (numpy's allclose).</summary>
public sealed record Tolerance(double Absolute, double Relative)
{
    public static readonly Tolerance Default = new(1e-4, 1e-4);

    public bool Accepts(double actual, double expected) =>
        Math.Abs(actual - expected) <= Absolute + Relative * Math.Abs(expected)
        || (double.IsNaN(actual) && double.IsNaN(expected))
        || actual.Equals(expected);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"abs {Absolute:G6} + rel {Relative:G6}");

    /// <summary>
    /// <c>1e-4</c> (absolute), <c>0.1%</c> (relative), or both: <c>abs=1e-4;rel=1e-3</c> (<c>,</c> also separates);
    /// an unset part keeps its default. Null when the text is not one of these.
    /// </summary>
    public static Tolerance? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Default;
        var result = Default;
        foreach (
            var part in text.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        )
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length == 2)
            {
                if (Number(pair[1]) is not { } v)
                    return null;
                result = pair[0].ToLowerInvariant() switch
                {
                    "abs" or "absolute" => result with { Absolute = v },
                    "rel" or "relative" => result with { Relative = v },
                    _ => null,
                };
                if (result is null)
                    return null;
            }
            else if (part.EndsWith('%') && Number(part[..^1]) is { } percent)
                result = result with { Relative = percent / 100 };
            else if (Number(part) is { } absolute)
                result = result with { Absolute = absolute };
            else
                return null;
        }
        return result;
    }

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
        && v >= 0
        && double.IsFinite(v)
            ? v
            : null;
}

/// <summary>One <c>ModelSample</c> item as the build passes it (paths absolute).</summary>
public sealed record SampleSpec(
    string Name,
    string Input,
    string? Kind,
    string? Model,
    string? Expected,
    string? Tolerance,
    string? IoU
)
{
    /// <summary>
    /// The manifest the build writes: one sample per line, tab-separated: name, input, kind, model, expected,
    /// tolerance, IoU (empty fields are unset). Lines starting with # are comments.
    /// </summary>
    public static IReadOnlyList<SampleSpec> ReadManifest(string path) =>
        File.ReadAllLines(path)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(f => new SampleSpec(
                Field(f, 0) ?? "",
                Field(f, 1) ?? "",
                Field(f, 2),
                Field(f, 3),
                Field(f, 4),
                Field(f, 5),
                Field(f, 6)
            ))
            .ToArray();

    private static string? Field(string[] fields, int index) =>
        index < fields.Length && fields[index].Trim().Length > 0 ? fields[index].Trim() : null;
}
