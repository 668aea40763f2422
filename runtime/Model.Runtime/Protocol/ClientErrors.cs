using ModelRuntime.Serving;

namespace ModelRuntime.Protocol;

/// <summary>
/// Turns what goes wrong while a client sends its body into the client's error: a malformed chunk is 400,
/// a body that arrives too slowly (Kestrel's MinRequestBodyDataRate) 408, one over the limit 413.
/// </summary>
public static class ClientErrors
{
    public static async Task<int> ReadBodyAsync(
        Stream body,
        Memory<byte> into,
        long limit,
        CancellationToken cancellation
    )
    {
        try
        {
            return await body.ReadAsync(into, cancellation);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw RequestBody.TooLarge(limit);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            throw new InferenceException(408, $"the request body arrived too slowly: {e.Message}");
        }
        catch (BadHttpRequestException e)
        {
            throw InferenceException.BadRequest($"the request body is not valid HTTP: {e.Message}");
        }
        catch (InvalidDataException e)
        {
            throw InferenceException.BadRequest($"the request body is not valid gzip (Content-Encoding): {e.Message}");
        }
    }
}
