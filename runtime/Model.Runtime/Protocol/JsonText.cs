using System.Buffers;
using System.Text.Json;
using ModelRuntime.Serving;

namespace ModelRuntime.Protocol;

/// <summary>Small Utf8JsonReader steps shared by the request readers.</summary>
internal static class JsonText
{
    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    /// <summary>The current string token; text that is not valid UTF-8 or UTF-16 (a lone surrogate) is a 400.</summary>
    public static string String(ref Utf8JsonReader reader, string what)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw InvalidText(what);
        }
    }

    public static InferenceException InvalidText(string what) =>
        InferenceException.BadRequest(
            $"{what} is not valid Unicode text (invalid UTF-8, or an escaped lone surrogate such as \\ud800)"
        );

    /// <summary>The current token's JSON text, cut to 40 characters, for error messages.</summary>
    public static string Preview(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        var bytes = reader.HasValueSequence
            ? reader.ValueSequence.Slice(0, Math.Min(length, 40)).ToArray()
            : reader.ValueSpan[..(int)Math.Min(length, 40)].ToArray();
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        if (reader.TokenType == JsonTokenType.String)
            text = $"\"{text}\"";
        return length > 40 ? text + "..." : text;
    }
}
