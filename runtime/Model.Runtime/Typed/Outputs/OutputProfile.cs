using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelSdk.ContractModel;

namespace ModelRuntime.Typed.Outputs;

/// <summary>
/// What the formatter needs to know about a model, taken from its contract entry (purpose, architecture, softmax,
/// colors, scale and mean) and the served model (labels, ModelParameters in effect).
/// </summary>
public sealed record OutputProfile
{
    public string Purpose { get; init; } = "Custom";

    /// <summary>ModelArchitecture as the contract records it (<c>ssd</c>, <c>yolo</c>); null when unset.</summary>
    public string? Architecture { get; init; }
    public bool Softmax { get; init; }
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Segmentation colours by class index, from the colors file; empty: the built-in palette.</summary>
    public IReadOnlyList<Rgb> Colors { get; init; } = [];
    public int TopK { get; init; } = 5;
    public double ScoreThreshold { get; init; } = 0.4;
    public double NmsThreshold { get; init; } = 0.4;

    /// <summary>ModelScaleFactor and ModelMean (BGR order, as blobFromImage takes it), to turn image outputs back into pixels.</summary>
    public double ScaleFactor { get; init; } = 1;
    public IReadOnlyList<double> Mean { get; init; } = [];

    /// <summary>ModelSwapRB: the input's channels are RGB (true) or OpenCV's BGR (false).</summary>
    public bool SwapRB { get; init; }

    public bool Is(string purpose) => string.Equals(Purpose, purpose, StringComparison.OrdinalIgnoreCase);

    /// <summary>The profile of a model: <paramref name="folder"/> is the model folder (for the colors file).</summary>
    public static OutputProfile From(
        ModelDetails? details,
        IReadOnlyList<string> labels,
        JsonObject parameters,
        string? folder
    )
    {
        var pre = details?.Preprocessing;
        var colorsFile = pre?.ColorsFile;
        return new OutputProfile
        {
            Purpose = string.IsNullOrEmpty(details?.Purpose) ? "Custom" : details.Purpose,
            Architecture = details?.Architecture,
            Softmax = pre?.Softmax ?? false,
            Labels = labels,
            Colors =
                colorsFile is null || folder is null
                    ? []
                    : Palette.Parse(File.ReadAllLines(Path.Combine(folder, colorsFile))),
            TopK = (int)Math.Max(1, Number(parameters, "top_k") ?? 5),
            ScoreThreshold = Number(parameters, "score_threshold") ?? 0.4,
            NmsThreshold = Number(parameters, "nms_threshold") ?? 0.4,
            ScaleFactor = pre?.ScaleFactor is { } s && s != 0 ? s : 1,
            Mean = pre?.Mean ?? [],
            SwapRB = pre?.SwapRB ?? false,
        };
    }

    /// <summary>A parameter's value as a number: JSON numbers, or text as the environment gives it.</summary>
    private static double? Number(JsonObject parameters, string name)
    {
        if (parameters[name] is not JsonValue value)
            return null;
        if (value.TryGetValue<double>(out var number))
            return number;
        if (value.TryGetValue<long>(out var integer))
            return integer;
        if (value.GetValueKind() == JsonValueKind.Number)
            return double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
        return
            value.TryGetValue<string>(out var text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : null;
    }
}
