using System.Text.Json;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Serving;

namespace ModelRuntime.Typed;

/// <summary>Input tensors for a group of instances run together, and each image's geometry per image input.</summary>
public sealed record TypedBatch(
    IReadOnlyList<KeyValuePair<string, Tensor>> Inputs,
    int Count,
    IReadOnlyDictionary<string, IReadOnlyList<ImageGeometry>> Geometry
)
{
    /// <summary>Gives the image inputs' bytes back for reuse (<see cref="TensorBuffers"/>), once the run has ended.</summary>
    public void ReleaseImages() =>
        TensorBuffers.Return(Inputs.Where(i => Geometry.ContainsKey(i.Key)).Select(i => i.Value));
}

/// <summary>
/// Binds v1 instances to a model's inputs: a key is an input name, or a feature (column) of a record input; an
/// unnamed value (or the single value of an instance whose key is no input) goes to the model's image input (an
/// image) or its only input. Instances run as one batch unless an input fixes its batch size at 1.
/// </summary>
public static class InstanceBinder
{
    public static IReadOnlyList<TypedBatch> Bind(ServedModel model, IReadOnlyList<Instance> instances)
    {
        var session = model.Session ?? throw ErrorStatus.NotReady(model);
        var layouts = session
            .Inputs.Select(i => (Input: i, Layout: ImageInputLayout.Of(i, model.Entry.Preprocessing)))
            .ToArray();
        var names = layouts.Select(l => l.Input.Name).ToHashSet(StringComparer.Ordinal);
        var bound = instances.Select((instance, n) => BindOne(model, layouts, names, instance, n)).ToArray();
        var oneAtATime = layouts.Any(l => l.Layout?.SingleImage == true || l.Input.Dimensions is [1, ..]);
        var groups = oneAtATime && bound.Length > 1 ? bound.Select(b => new[] { b }).ToArray() : [bound];
        return groups.Select(g => Build(model, layouts, g)).ToArray();
    }

    private static Dictionary<string, InstanceValue> BindOne(
        ServedModel model,
        (TensorInfo Input, ImageInputLayout? Layout)[] layouts,
        HashSet<string> inputs,
        Instance instance,
        int n
    )
    {
        var result = new Dictionary<string, InstanceValue>(StringComparer.Ordinal);
        var loose = instance.Values.Where(v => !inputs.Contains(v.Key)).ToList();
        foreach (var (key, value) in instance.Values.Where(v => inputs.Contains(v.Key)))
            result[key] = value;
        var featured = model.Entry.Features.Where(f => inputs.Contains(f.Key) && !result.ContainsKey(f.Key)).ToArray();
        if (
            featured.Length > 0
            && loose.Count > 0
            && loose.All(l => l.Value is JsonInstanceValue && l.Key != Instance.Unnamed)
        )
        {
            foreach (var (input, features) in featured)
                result[input] = Columns(instance, input, features, n);
            var known = featured.SelectMany(f => f.Value).ToHashSet(StringComparer.Ordinal);
            if (loose.FirstOrDefault(l => !known.Contains(l.Key)) is { Key: { } unknown })
                throw InferenceException.BadRequest(
                    $"instance {n} has '{Echo.Of(unknown)}', which is neither an input nor a feature of model '{model.Name}'; "
                        + $"inputs: {string.Join(", ", inputs)}; features: {string.Join(", ", known)}"
                );
            loose.Clear();
        }
        if (loose.Count == 1 && result.Count == 0)
            result[Target(model, layouts, loose[0].Value)] = loose[0].Value;
        else if (loose.Count > 0)
            throw InferenceException.BadRequest(
                $"instance {n} has '{Echo.Of(loose[0].Key)}', which is not an input of model '{model.Name}'; its inputs are: {string.Join(", ", inputs)}"
            );
        if (inputs.FirstOrDefault(i => !result.ContainsKey(i)) is { } missing)
            throw InferenceException.BadRequest($"instance {n} has no value for input '{missing}'");
        return result;
    }

    private static JsonInstanceValue Columns(Instance instance, string input, IReadOnlyList<string> features, int n)
    {
        var row = new List<JsonElement>();
        foreach (var feature in features)
        {
            if (!instance.Values.TryGetValue(feature, out var value) || value is not JsonInstanceValue json)
                throw InferenceException.BadRequest(
                    $"instance {n} lacks feature '{feature}' of input '{input}'; a record needs every column: {string.Join(", ", features)}"
                );
            row.Add(json.Element);
        }
        // Written and parsed back (no reflection-based serializer: the runtime is trimmed).
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var element in row)
                element.WriteTo(writer);
            writer.WriteEndArray();
        }
        using var document = JsonDocument.Parse(buffer.ToArray());
        return new JsonInstanceValue(document.RootElement.Clone());
    }

    private static string Target(
        ServedModel model,
        (TensorInfo Input, ImageInputLayout? Layout)[] layouts,
        InstanceValue value
    )
    {
        if (value is ImageValue)
        {
            var images = layouts.Where(l => l.Layout is not null).ToArray();
            if (images.Length == 0)
                throw TypedErrors.NoImageInput(
                    model.Name,
                    string.Join(
                        ", ",
                        layouts.Select(l => $"{l.Input.Name} {InputValidator.ShapeText(l.Input.Dimensions)}")
                    )
                );
            if (images.Length == 1)
                return images[0].Input.Name;
        }
        else if (layouts.Length == 1)
            return layouts[0].Input.Name;
        throw InferenceException.BadRequest(
            $"model '{model.Name}' has several inputs ({string.Join(", ", layouts.Select(l => l.Input.Name))}); name each one"
        );
    }

    private static TypedBatch Build(
        ServedModel model,
        (TensorInfo Input, ImageInputLayout? Layout)[] layouts,
        IReadOnlyList<Dictionary<string, InstanceValue>> group
    )
    {
        var inputs = new List<KeyValuePair<string, Tensor>>();
        var geometry = new Dictionary<string, IReadOnlyList<ImageGeometry>>(StringComparer.Ordinal);
        foreach (var (input, layout) in layouts)
        {
            var values = group.Select(g => g[input.Name]).ToArray();
            if (values.All(v => v is ImageValue))
            {
                if (layout is null)
                    throw TypedErrors.NotImageShaped(
                        model.Name,
                        input.Name,
                        InputValidator.ShapeText(input.Dimensions)
                    );
                var (tensor, geometries) = ImagePipeline.Build(
                    layout,
                    model.Entry.Preprocessing,
                    values.Select(v => ((ImageValue)v).Bytes).ToArray(),
                    i => $"the image for input '{input.Name}'" + (values.Length > 1 ? $" (instance {i})" : "")
                );
                inputs.Add(new(input.Name, tensor));
                geometry[input.Name] = geometries;
            }
            else if (values.All(v => v is JsonInstanceValue))
            {
                var records = values
                    .Select(v => RecordValue.Of(((JsonInstanceValue)v).Element, $"input '{input.Name}'"))
                    .ToArray();
                inputs.Add(new(input.Name, RecordTensor.Build(input, records)));
            }
            else
                throw InferenceException.BadRequest(
                    $"input '{input.Name}' gets images in some instances and JSON in others"
                );
        }
        return new TypedBatch(inputs, group.Count, geometry);
    }
}
