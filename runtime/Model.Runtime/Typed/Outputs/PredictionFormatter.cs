using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using ModelRuntime.Serving;

namespace ModelRuntime.Typed.Outputs;

/// <summary>How a model's outputs are presented, chosen by its purpose (and, for detectors, its architecture).</summary>
public enum PredictionKind
{
    /// <summary>Every output by name as nested arrays (Custom, PoseEstimation, a detector without architecture).</summary>
    Raw,
    Classification,
    ObjectDetection,
    SemanticSegmentation,
    ImageToImage,
}

/// <summary>
/// Turns one instance of a model's raw outputs into a typed prediction, chosen by the model's purpose:
/// <list type="bullet">
/// <item>Classification: <c>[{"label","index","score"}]</c>, the top <c>top_k</c> (ModelParameter, default 5)
/// classes of the first numeric output, best first, ties by index; softmax first when the contract's
/// preprocessing.softmax is true. <c>label</c> is null for an index without a label.</item>
/// <item>ObjectDetection with ModelArchitecture <c>ssd</c> or <c>yolo</c>:
/// <c>[{"label","index","score","box":{"x1","y1","x2","y2"}}]</c> best first, after dropping scores below
/// <c>score_threshold</c> and per-class NMS at IoU <c>nms_threshold</c> (both default 0.4); boxes in the pixels of
/// the image the client sent (see <see cref="DetectionFormatter"/>). Without an architecture: Raw.</item>
/// <item>SemanticSegmentation: <c>{"width","height","classes":[{"label","index","share"}],"png":"&lt;base64&gt;"}</c>
/// (see <see cref="SegmentationFormatter"/>).</item>
/// <item>ImageToImage: <c>{"width","height","png":"&lt;base64&gt;"}</c> (see <see cref="ImageOutputFormatter"/>).</item>
/// <item>Anything else: <c>{"&lt;output name&gt;": nested arrays}</c> (see <see cref="RawOutputFormatter"/>).</item>
/// </list>
/// <paramref name="outputs"/> are all the model's outputs from one run (dim 0 is the batch);
/// <paramref name="instance"/> picks the row; <paramref name="geometry"/> is how the instance's image became the
/// input (null when the input was not an image: boxes and maps then stay in the model's own coordinates).
/// Throws <see cref="InferenceException"/> (500) when the outputs do not have the form the purpose and
/// architecture need, or the colors file cannot be read. Pure: no I/O besides reading the colors file once per model.
/// </summary>
public static class PredictionFormatter
{
    private static readonly ConditionalWeakTable<ServedModel, OutputProfile> Profiles = [];

    public static JsonNode Format(
        ServedModel model,
        IReadOnlyList<OutputTensor> outputs,
        int instance,
        ImageGeometry? geometry
    ) => Format(ProfileOf(model), outputs, instance, geometry);

    /// <summary>
    /// The PNG of a segmentation (the colour map) or image-to-image prediction, for <c>Accept: image/png</c>;
    /// null for every other kind (answer JSON then). Same bytes as the base64 <c>png</c> of <see cref="Format(ServedModel, IReadOnlyList{OutputTensor}, int, ImageGeometry?)"/>.
    /// </summary>
    public static byte[]? FormatPng(
        ServedModel model,
        IReadOnlyList<OutputTensor> outputs,
        int instance,
        ImageGeometry? geometry
    ) => FormatPng(ProfileOf(model), outputs, instance, geometry);

    public static PredictionKind KindOf(ServedModel model) => KindOf(ProfileOf(model));

    public static PredictionKind KindOf(OutputProfile profile) =>
        profile switch
        {
            _ when profile.Is("Classification") => PredictionKind.Classification,
            _ when profile.Is("ObjectDetection") && IsKnownArchitecture(profile.Architecture) =>
                PredictionKind.ObjectDetection,
            _ when profile.Is("SemanticSegmentation") => PredictionKind.SemanticSegmentation,
            _ when profile.Is("ImageToImage") => PredictionKind.ImageToImage,
            _ => PredictionKind.Raw,
        };

    public static JsonNode Format(
        OutputProfile profile,
        IReadOnlyList<OutputTensor> outputs,
        int instance,
        ImageGeometry? geometry
    )
    {
        var kind = KindOf(profile);
        if (kind == PredictionKind.Raw)
            return RawOutputFormatter.Format(outputs, instance);
        var numeric = Numeric(outputs, instance);
        return kind switch
        {
            PredictionKind.Classification => ClassificationFormatter.Format(numeric[0], profile),
            PredictionKind.ObjectDetection => DetectionFormatter.Format(numeric, profile, geometry),
            PredictionKind.SemanticSegmentation => SegmentationFormatter.Format(numeric, profile, geometry),
            _ => ImageOutputFormatter.Format(numeric, profile, geometry),
        };
    }

    public static byte[]? FormatPng(
        OutputProfile profile,
        IReadOnlyList<OutputTensor> outputs,
        int instance,
        ImageGeometry? geometry
    ) =>
        KindOf(profile) switch
        {
            PredictionKind.SemanticSegmentation => SegmentationFormatter.FormatPng(
                Numeric(outputs, instance),
                profile,
                geometry
            ),
            PredictionKind.ImageToImage => ImageOutputFormatter.FormatPng(
                Numeric(outputs, instance),
                profile,
                geometry
            ),
            _ => null,
        };

    /// <summary>The model's profile, built once per served model (contract details, labels, parameters, colors).</summary>
    public static OutputProfile ProfileOf(ServedModel model) =>
        Profiles.GetValue(
            model,
            m =>
            {
                try
                {
                    return OutputProfile.From(m.Entry.Details, m.Labels, m.Parameters, m.Entry.Folder);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
                {
                    throw InstanceTensor.Unfit($"model '{m.Name}': {e.Message}");
                }
            }
        );

    public static bool IsKnownArchitecture(string? architecture) =>
        architecture is not null
        && DetectionDecoders.Architectures.Contains(architecture, StringComparer.OrdinalIgnoreCase);

    private static List<InstanceTensor> Numeric(IReadOnlyList<OutputTensor> outputs, int instance)
    {
        var numeric = outputs
            .Where(o => o.Tensor.ElementType != ModelSdk.Onnx.OnnxElementType.String)
            .Select(o => InstanceTensor.Of(o, instance))
            .ToList();
        return numeric.Count > 0 ? numeric : throw InstanceTensor.Unfit("the model has no numeric output");
    }
}
