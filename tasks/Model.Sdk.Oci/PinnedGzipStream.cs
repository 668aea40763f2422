using System.IO.Compression;

namespace ModelSdk.Oci;

/// <summary>
/// gzip whose header does not depend on the machine: zlib writes the OS it was compiled for into byte 9 (3 on
/// Linux, 11 on Windows); this stream rewrites the header's mtime to 0 and the OS to 255 ("unknown") on the way
/// out. The deflate bytes themselves depend on the zlib version, which the .NET runtime pins.
/// </summary>
internal sealed class PinnedGzipStream : Stream
{
    private readonly GZipStream _gzip;

    public PinnedGzipStream(Stream inner, CompressionLevel level) =>
        _gzip = new GZipStream(new HeaderPinning(inner), level, leaveOpen: false);

    public override void Write(byte[] buffer, int offset, int count) => _gzip.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _gzip.Write(buffer);

    public override void Flush() { }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose(); // writes the trailer; HeaderPinning leaves the caller's stream open
        }
        base.Dispose(disposing);
    }

    private sealed class HeaderPinning(Stream inner) : Stream
    {
        private const int HeaderLength = 10;
        private long _position;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_position < HeaderLength && buffer.Length > 0)
            {
                var head = (int)Math.Min(HeaderLength - _position, buffer.Length);
                Span<byte> pinned = stackalloc byte[head];
                buffer[..head].CopyTo(pinned);
                for (var i = 0; i < head; i++)
                {
                    var at = _position + i;
                    if (at is >= 4 and <= 7)
                    {
                        pinned[i] = 0; // MTIME
                    }
                    else if (at == 9)
                    {
                        pinned[i] = 0xFF; // OS: unknown
                    }
                }
                inner.Write(pinned);
                _position += head;
                buffer = buffer[head..];
            }
            inner.Write(buffer);
            _position += buffer.Length;
        }

        public override void Flush() => inner.Flush();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _position;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
