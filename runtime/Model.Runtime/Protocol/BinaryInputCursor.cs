using System.Buffers;
using ModelRuntime.Serving;

namespace ModelRuntime.Protocol;

/// <summary>
/// The binary part of a request body (after the Inference-Header-Content-Length bytes of JSON): inputs with a
/// "binary_data_size" take their bytes from it in the order they appear in "inputs", and nothing may be left over.
/// </summary>
public sealed class BinaryInputCursor(ReadOnlySequence<byte> remaining, bool headerGiven)
{
    private ReadOnlySequence<byte> _remaining = remaining;

    /// <summary>No binary part: a JSON-only body, where binary_data_size is refused.</summary>
    public static BinaryInputCursor None => new(ReadOnlySequence<byte>.Empty, false);

    public ReadOnlySequence<byte> Take(long size, string input)
    {
        if (!headerGiven)
            throw InferenceException.BadRequest(
                $"input '{Echo.Of(input)}' has \"binary_data_size\" but the request has no "
                    + "Inference-Header-Content-Length header giving the length of its JSON part"
            );
        if (size > _remaining.Length)
            throw InferenceException.BadRequest(
                $"input '{Echo.Of(input)}' has \"binary_data_size\" {size} but only {_remaining.Length} bytes of "
                    + "binary data are left after the JSON header"
            );
        var taken = _remaining.Slice(0, size);
        _remaining = _remaining.Slice(size);
        return taken;
    }

    public void EnsureConsumed()
    {
        if (_remaining.Length > 0)
            throw InferenceException.BadRequest(
                $"the request body has {_remaining.Length} bytes after the JSON header that no input's "
                    + "\"binary_data_size\" accounts for; the body must be the JSON header followed by exactly "
                    + "the inputs' binary data"
            );
    }
}
