using System.IO.Compression;
using ModelRuntime.Serving;

namespace ModelRuntime.Protocol;

/// <summary>Content-Encoding of a request body: identity or gzip; anything else is 415.</summary>
public static class RequestEncoding
{
    /// <summary>The body to read: decompressed when it is gzip. Disposing it leaves the request body open.</summary>
    public static Stream Open(HttpRequest request)
    {
        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        if (encoding.Length == 0 || encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            return new NonClosing(request.Body);
        if (encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
            return new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
        throw new InferenceException(
            415,
            $"Content-Encoding '{Echo.Of(encoding)}' is not supported; send the body as is or with gzip"
        );
    }

    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
