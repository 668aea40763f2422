using System.Security.Cryptography;

namespace ModelSdk.Oci;

/// <summary>A write-only stream that hashes (SHA-256) and counts everything on its way to the inner stream.</summary>
public sealed class HashingWriteStream(Stream inner, bool leaveOpen = false) : WriteOnlyStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    public long BytesWritten => Written;

    /// <summary>The digest of everything written so far; call once, after the last write.</summary>
    public string FinishDigest() => Digest.FromHash(_hash.GetHashAndReset());

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        inner.Write(buffer);
        Written += buffer.Length;
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush() => inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            if (!leaveOpen)
            {
                inner.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}
