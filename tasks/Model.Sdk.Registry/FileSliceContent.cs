using System.Net;
using System.Net.Http.Headers;

namespace ModelSdk.Registry;

/// <summary>
/// Request content streamed straight from a file range, never buffered in memory. The file is opened when the
/// request is sent, so the same content can be built again for a retry. Reports bytes written as they go.
/// </summary>
internal sealed class FileSliceContent : HttpContent
{
    private const int BufferSize = 1 << 20;
    private readonly string _path;
    private readonly long _offset;
    private readonly long _length;
    private readonly Action<long>? _sent;

    public FileSliceContent(string path, long offset, long length, Action<long>? sent)
    {
        _path = path;
        _offset = offset;
        _length = length;
        _sent = sent;
        Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        Headers.ContentLength = length;
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None).ConfigureAwait(false);

    protected override async Task SerializeToStreamAsync(
        Stream stream,
        TransportContext? context,
        CancellationToken cancellationToken
    )
    {
        await using var file = new FileStream(
            _path,
            FileMode.Open,
            FileAccess.Read,
            FileShare.Read,
            1,
            FileOptions.Asynchronous | FileOptions.SequentialScan
        );
        file.Position = _offset;
        var buffer = new byte[(int)Math.Min(BufferSize, Math.Max(1, _length))];
        var remaining = _length;
        while (remaining > 0)
        {
            var read = await file.ReadAsync(
                    buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)),
                    cancellationToken
                )
                .ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException($"{_path} ended {remaining} bytes early; it changed while being uploaded");
            }
            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            remaining -= read;
            _sent?.Invoke(read);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
