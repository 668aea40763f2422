using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelRuntime.Check;

/// <summary>What a sample expects: raw outputs (a JSON file), a top-1 label, or detection boxes (a JSON file).</summary>
public abstract record Expectation(string Kind)
{
    public sealed record Outputs(JsonArray Expected) : Expectation("outputs");

    public sealed record Label(string Text) : Expectation("label");

    public sealed record Boxes(JsonArray Expected, double IoU) : Expectation("boxes");

    /// <summary>
    /// The <c>Expected</c> metadata: a file (relative to the project) whose JSON is an object with <c>outputs</c>
    /// (a v2 response) or a list of boxes (<c>[{"label", "box": {"x1","y1","x2","y2"}}]</c>, also as
    /// <c>{"boxes": [...]}</c>); any other text is the expected top-1 label. Throws <see cref="SampleException"/>.
    /// </summary>
    public static Expectation Parse(SampleSpec spec, string projectDirectory)
    {
        if (spec.Expected is not { } expected)
            throw new SampleException(
                SampleCodes.ExpectedInvalid,
                "has no Expected metadata: set it to a JSON file of outputs or boxes, or to the expected top-1 label"
            );
        var path = Path.GetFullPath(expected, projectDirectory);
        if (!File.Exists(path))
        {
            if (expected.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                throw new SampleException(SampleCodes.ExpectedInvalid, $"Expected file '{expected}' does not exist");
            return new Label(expected);
        }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new SampleException(
                SampleCodes.ExpectedInvalid,
                $"Expected file '{expected}' is not JSON: {e.Message}"
            );
        }
        if (root is JsonObject o && o["outputs"] is JsonArray outputs)
            return new Outputs(outputs);
        var boxes = root as JsonArray ?? (root as JsonObject)?["boxes"] as JsonArray;
        if (boxes is not null)
            return new Boxes(boxes, ParseIoU(spec));
        throw new SampleException(
            SampleCodes.ExpectedInvalid,
            $"Expected file '{expected}' is neither a v2 response ({{\"outputs\": [...]}}) nor a list of boxes ([{{\"label\", \"box\"}}])"
        );
    }

    private static double ParseIoU(SampleSpec spec)
    {
        if (spec.IoU is null)
            return 0.5;
        if (
            double.TryParse(
                spec.IoU,
                System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture,
                out var v
            )
            && v > 0
            && v <= 1
        )
            return v;
        throw new SampleException(SampleCodes.ToleranceInvalid, $"IoU '{spec.IoU}' is not a number in (0, 1]");
    }
}

/// <summary>A sample that cannot pass, with the code to report.</summary>
public sealed class SampleException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
