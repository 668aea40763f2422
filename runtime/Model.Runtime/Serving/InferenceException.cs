namespace ModelRuntime.Serving;

/// <summary>A request the server refuses or cannot complete; <see cref="StatusCode"/> is the HTTP status to answer.</summary>
public sealed class InferenceException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    /// <summary>Sent as Retry-After when set (503 while the request memory budget is taken).</summary>
    public int? RetryAfterSeconds { get; init; }

    public static InferenceException BadRequest(string message) => new(400, message);

    public static InferenceException NotFound(string message) => new(404, message);
}
