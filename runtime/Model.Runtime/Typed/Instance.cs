using System.Text.Json;

namespace ModelRuntime.Typed;

/// <summary>One value of a v1 instance: an encoded image, or JSON for a record input.</summary>
public abstract record InstanceValue;

public sealed record ImageValue(ReadOnlyMemory<byte> Bytes) : InstanceValue;

public sealed record JsonInstanceValue(JsonElement Element) : InstanceValue;

/// <summary>
/// One v1 instance: values by key. <see cref="Unnamed"/> is the key of a value sent without a name (a raw image
/// body, a single multipart part, <c>{"b64": ...}</c> or a bare array); it goes to the model's only fitting input.
/// </summary>
public sealed record Instance(IReadOnlyDictionary<string, InstanceValue> Values)
{
    public const string Unnamed = "";

    public static Instance Single(InstanceValue value) =>
        new(new Dictionary<string, InstanceValue> { [Unnamed] = value });
}
