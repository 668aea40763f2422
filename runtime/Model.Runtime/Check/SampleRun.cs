using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelRuntime.Memory;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Protocol;
using ModelRuntime.Serving;
using ModelRuntime.Typed;
using ModelRuntime.Typed.Outputs;

namespace ModelRuntime.Check;

/// <summary>
/// One sample run through the code the server runs: a v2 request through <see cref="JsonInferRequest"/> (as
/// <c>POST /v2/models/{name}/infer</c>), an image or record through <see cref="V1Request"/> and
/// <see cref="InstanceBinder"/> (as <c>/v1/models/{name}:predict</c>); then <see cref="InferenceRunner"/>, and for
/// typed expectations <see cref="PredictionFormatter"/>.
/// </summary>
public sealed class SampleRun
{
    private readonly ServedModel _model;
    private readonly ImageGeometry? _geometry;
    private JsonNode? _prediction;

    private SampleRun(
        ServedModel model,
        IReadOnlyList<KeyValuePair<string, Tensor>> inputs,
        IReadOnlyList<RequestedOutput>? requested,
        ImageGeometry? geometry
    )
    {
        _model = model;
        Inputs = inputs;
        Requested = requested;
        _geometry = geometry;
    }

    public IReadOnlyList<KeyValuePair<string, Tensor>> Inputs { get; }
    public IReadOnlyList<RequestedOutput>? Requested { get; }
    public IReadOnlyList<OutputTensor> Outputs { get; private set; } = [];

    /// <summary>The v1 prediction of the first instance, as the server would answer it.</summary>
    public JsonNode Prediction => _prediction ??= PredictionFormatter.Format(_model, Outputs, 0, _geometry);

    public static async Task<SampleRun> PrepareAsync(
        ServedModel model,
        string path,
        SampleInputKind kind,
        RequestMemoryBudget budget,
        CancellationToken ct
    )
    {
        var bytes = await File.ReadAllBytesAsync(path, ct);
        if (kind == SampleInputKind.Request)
        {
            using var lease = budget.Lease();
            var request = JsonInferRequest.Parse(new ReadOnlySequence<byte>(bytes), model, lease);
            return new SampleRun(model, request.Inputs, request.Outputs, null);
        }
        var instance =
            kind == SampleInputKind.Image
                ? Instance.Single(new ImageValue(bytes))
                : (await V1Request.ParseAsync("application/json", RecordBody(bytes), 1, ct))[0];
        var batch = InstanceBinder.Bind(model, [instance])[0];
        var geometry = batch.Geometry.Values.FirstOrDefault() is { } g ? g[0] : null;
        return new SampleRun(model, batch.Inputs, null, geometry);
    }

    public async Task RunAsync(InferenceRunner runner, CancellationToken ct)
    {
        Outputs = await runner.RunAsync(_model, Inputs, Requested, ct, recordOutcome: false, bypassBatcher: true);
        _prediction = null;
    }

    /// <summary>The kind of a sample input: the Kind metadata, else a .json object with "inputs" is a request.</summary>
    public static SampleInputKind KindOf(string path, string? kind)
    {
        if (kind is not null)
        {
            return kind.ToLowerInvariant() switch
            {
                "request" or "v2" => SampleInputKind.Request,
                "image" => SampleInputKind.Image,
                "record" or "instance" => SampleInputKind.Record,
                _ => throw new SampleException(
                    SampleCodes.InputMissing,
                    $"Kind '{kind}' is not one of request, image, record"
                ),
            };
        }
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == ".jsonl")
            return SampleInputKind.Record;
        if (extension != ".json")
            return SampleInputKind.Image;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("inputs", out _)
                ? SampleInputKind.Request
                : SampleInputKind.Record;
        }
        catch (JsonException e)
        {
            throw new SampleException(SampleCodes.InputRejected, $"the sample is not valid JSON: {e.Message}");
        }
    }

    // A record file holds one v1 instance (a .jsonl file: its first non-empty line), read as a request's instances.
    private static byte[] RecordBody(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        var record = text.Contains('\n') && text.TrimEnd().Contains('\n') && IsJsonLines(text) ? line : text;
        return Encoding.UTF8.GetBytes($"{{\"instances\":[{record}\n]}}");
    }

    private static bool IsJsonLines(string text)
    {
        try
        {
            JsonDocument.Parse(text).Dispose();
            return false;
        }
        catch (JsonException)
        {
            return true;
        }
    }
}
