using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ModelRuntime.Predict;

/// <summary>
/// The predictions file: one JSON line per item, appended and flushed per batch so a killed run leaves whole lines.
/// Opening it reads the ids already there (to skip them) and cuts off a last line that a kill left unfinished.
/// </summary>
public sealed class PredictOutput : IDisposable
{
    private readonly FileStream _stream;
    private readonly ArrayBufferWriter<byte> _lines = new(1 << 16);
    private readonly Utf8JsonWriter _writer;

    private PredictOutput(FileStream stream, HashSet<string> done, int failed)
    {
        _stream = stream;
        // One writer for every line: a line is a whole JSON value, the newline between them is ours.
        _writer = new Utf8JsonWriter(_lines, new JsonWriterOptions { SkipValidation = true });
        Done = done;
        PreviouslyFailed = failed;
    }

    /// <summary>The ids (as JSON text) of the items already in the file.</summary>
    public IReadOnlySet<string> Done { get; }

    /// <summary>How many of the items already in the file have an error.</summary>
    public int PreviouslyFailed { get; }

    public static PredictOutput Open(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var stream = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        var (done, failed, valid) = Scan(bytes);
        stream.SetLength(valid);
        stream.Seek(valid, SeekOrigin.Begin);
        return new PredictOutput(stream, done, failed);
    }

    /// <summary>Adds one item's line, <c>{"id": ..., "prediction": ..., "error": ...}</c>, written by <see cref="Flush"/>.</summary>
    public void Write(string idJson, JsonNode? prediction, string? error)
    {
        _writer.WriteStartObject();
        _writer.WritePropertyName("id");
        _writer.WriteRawValue(idJson, skipInputValidation: true);
        _writer.WritePropertyName("prediction");
        if (prediction is null)
            _writer.WriteNullValue();
        else
            prediction.WriteTo(_writer);
        _writer.WriteString("error", error);
        _writer.WriteEndObject();
        _writer.Flush();
        _writer.Reset();
        _lines.Write("\n"u8);
    }

    /// <summary>Appends the lines written since the last call, whole.</summary>
    public void Flush()
    {
        _stream.Write(_lines.WrittenSpan);
        _lines.ResetWrittenCount();
        _stream.Flush(flushToDisk: false);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _stream.Dispose();
    }

    // Whole, valid lines count; the first line that is cut short or not an object with an "id" ends the valid part.
    private static (HashSet<string> Done, int Failed, long Valid) Scan(byte[] bytes)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var failed = 0;
        var at = 0;
        while (at < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', at);
            if (end < 0 || !TryRead(bytes.AsSpan(at, end - at), out var id, out var hasError))
                break;
            if (done.Add(id) && hasError)
                failed++;
            at = end + 1;
        }
        return (done, failed, at);
    }

    private static bool TryRead(ReadOnlySpan<byte> line, out string id, out bool hasError)
    {
        id = "";
        hasError = false;
        try
        {
            using var doc = JsonDocument.Parse(line.ToArray());
            if (
                doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("id", out var idElement)
            )
                return false;
            id =
                idElement.ValueKind == JsonValueKind.String
                    ? $"\"{JsonEncodedText.Encode(idElement.GetString()!)}\""
                    : idElement.GetRawText();
            hasError = doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind != JsonValueKind.Null;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
