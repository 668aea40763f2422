using System.IO.Compression;

namespace ModelSdk.Oci;

/// <summary>
/// gzip whose header does not depend on the machine: zlib writes the OS it was compiled for into byte 9 (3 on
/// Linux, 11 on Windows); this stream rewrites the header's mtime to 0 and the OS to 255 ("unknown") on the way
/// out. The deflate bytes themselves depend on the zlib version, which the .NET runtime pins.
/// </summary>
internal sealed class PinnedGzipStream : WriteOnlyStream
{
    private readonly GZipStream _gzip;

    public PinnedGzipStream(Stream inner, CompressionLevel level) =>
        _gzip = new GZipStream(new HeaderPinning(inner), level, leaveOpen: false);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _gzip.Write(buffer);
        Written += buffer.Length;
    }

    public override void Flush() { }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose(); // writes the trailer; HeaderPinning leaves the caller's stream open
        }
        base.Dispose(disposing);
    }

    private sealed class HeaderPinning(Stream inner) : WriteOnlyStream
    {
        private const int HeaderLength = 10;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Written < HeaderLength && buffer.Length > 0)
            {
                var head = (int)Math.Min(HeaderLength - Written, buffer.Length);
                Span<byte> pinned = stackalloc byte[head];
                buffer[..head].CopyTo(pinned);
                for (var i = 0; i < head; i++)
                {
                    var at = Written + i;
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
                Written += head;
                buffer = buffer[head..];
            }
            inner.Write(buffer);
            Written += buffer.Length;
        }

        public override void Flush() => inner.Flush();
    }
}
