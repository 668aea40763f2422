using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ModelSdk.ContractModel;

/// <summary>
/// Reads and writes contract.json. Written: indented, '\n' line endings, a final '\n', relaxed escaping (non-ASCII
/// stays readable), keys in record order. Read: unknown keys are ignored (or kept, where a record says so), comments
/// are skipped, and a contract of a newer schema version is refused.
/// </summary>
public static class ContractJson
{
    /// <summary>
    /// The schema version this code reads and writes, stored as <c>formatVersion</c>. It only goes up for a change
    /// old readers would misread (a key removed, renamed or given another meaning); new keys keep it.
    /// </summary>
    public const int SchemaVersion = 1;

    public static byte[] Write(ContractDocument document)
    {
        using var buffer = new MemoryStream();
        using (
            var json = new Utf8JsonWriter(
                buffer,
                new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }
            )
        )
        {
            JsonSerializer.Serialize(json, document, ContractJsonContext.Default.ContractDocument);
        }
        // net8's writer uses Environment.NewLine; strings escape CR, so every raw CR here is a line break.
        var text = Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n");
        return Encoding.UTF8.GetBytes(text + "\n");
    }

    /// <summary>Parses contract.json; <see cref="ContractFormatException"/> says what is wrong, in words.</summary>
    public static ContractDocument Read(byte[] utf8)
    {
        ContractDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(utf8, ContractJsonContext.Default.ContractDocument);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1})" : "";
            throw new ContractFormatException($"it is not a valid contract{where}: {e.Message}", e);
        }
        if (document is null)
        {
            throw new ContractFormatException("expected a JSON object, found null.");
        }
        var version = document.FormatVersion ?? 1;
        if (version > SchemaVersion)
        {
            throw new ContractFormatException(
                $"formatVersion {version} is newer than this reader's {SchemaVersion}: "
                    + "it was written by a newer Model.Sdk; use a runtime and SDK of that version or later."
            );
        }
        if (version < 1)
        {
            throw new ContractFormatException(
                $"formatVersion {version} is not a contract schema version (1 or later)."
            );
        }
        return document;
    }

    /// <summary>A models[] entry as a JSON object, the way the runtime serves it.</summary>
    public static JsonObject ToJsonObject(ModelMetadata metadata) =>
        JsonSerializer.SerializeToNode(metadata, ContractJsonContext.Default.ModelMetadata)!.AsObject();

    /// <summary>The resources object as written: every key, known or not, with its value.</summary>
    public static JsonObject ToJsonObject(ResourceDetails resources) =>
        JsonSerializer.SerializeToNode(resources, ContractJsonContext.Default.ResourceDetails)!.AsObject();
}

/// <summary>Why contract.json could not be read; the message reads after "contract.json: ".</summary>
public sealed class ContractFormatException(string message, Exception? inner = null) : Exception(message, inner);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip
)]
[JsonSerializable(typeof(ContractDocument))]
[JsonSerializable(typeof(ModelMetadata))]
[JsonSerializable(typeof(ResourceDetails))]
internal sealed partial class ContractJsonContext : JsonSerializerContext;
