namespace ModelSdk.Registry;

/// <summary>
/// The outermost handler: whatever fails below it (a coded error, a transient failure, a transport exception) leaves
/// with every known secret (passwords, identity and bearer tokens) masked in its message.
/// </summary>
internal sealed class RedactionHandler(SecretRedactor redactor, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Redacted(e) is { } clean)
        {
            throw clean;
        }
    }

    /// <summary>A copy of <paramref name="e"/> without secrets, or null when it holds none.</summary>
    public Exception? Redacted(Exception e)
    {
        var message = redactor.Redact(e.Message);
        if (message == e.Message && (e.InnerException is null || Redacted(e.InnerException) is null))
        {
            return null;
        }
        // Inner exceptions are dropped: their messages may repeat the secret and are not needed by callers.
        return e switch
        {
            ModelSdkException coded => new ModelSdkException(coded.Code, message, coded.File, coded.Line),
            TransientFailure transient => new TransientFailure(message, null, transient.TimedOut, transient.Refused),
            HttpRequestException http => new HttpRequestException(
                http.HttpRequestError,
                message,
                null,
                http.StatusCode
            ),
            _ => null,
        };
    }
}
