using System.Text.Json;

namespace ModelSdk.Registry;

/// <summary>Reads the distribution error body: <c>{"errors":[{"code":"...","message":"...","detail":...}]}</c>.</summary>
internal static class RegistryErrors
{
    public const string NoMessage = "(no message)";

    public static IReadOnlyList<(string Code, string Message)> Parse(string body)
    {
        var result = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(body))
        {
            return result;
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            if (
                document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Array
            )
            {
                foreach (var error in errors.EnumerateArray())
                {
                    var code = error.TryGetProperty("code", out var c) ? c.ToString() : "";
                    var message = error.TryGetProperty("message", out var m) ? m.ToString() : "";
                    if (error.TryGetProperty("detail", out var d) && d.ValueKind is not JsonValueKind.Null)
                    {
                        var detail = d.ToString();
                        if (detail.Length is > 0 and < 500)
                        {
                            message += $" ({detail})";
                        }
                    }
                    result.Add((code, message));
                }
            }
        }
        catch (JsonException) { }
        return result;
    }

    /// <summary>A one-line summary of what the registry said, for error messages.</summary>
    public static string MessageOf(string body)
    {
        var errors = Parse(body);
        if (errors.Count > 0)
        {
            return string.Join("; ", errors.Select(e => $"{e.Code}: {e.Message}"));
        }
        var text = body.Trim().ReplaceLineEndings(" ");
        return text.Length == 0 ? NoMessage
            : text.Length > 300 ? text[..300] + "..."
            : text;
    }

    public static bool Has(string body, string code) => Parse(body).Any(e => e.Code == code);
}
