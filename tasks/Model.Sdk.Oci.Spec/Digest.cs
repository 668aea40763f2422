using System.Security.Cryptography;

namespace ModelSdk.Oci.Spec;

/// <summary>OCI content digests ("sha256:" + 64 lowercase hex digits).</summary>
public static class Digest
{
    public const string Prefix = "sha256:";

    public static string Of(ReadOnlySpan<byte> bytes) => FromHash(SHA256.HashData(bytes));

    public static string FromHash(byte[] hash) => Prefix + Convert.ToHexString(hash).ToLowerInvariant();

    public static bool IsValid(string? digest) =>
        digest is { Length: 71 }
        && digest.StartsWith(Prefix, StringComparison.Ordinal)
        && digest.AsSpan(Prefix.Length).IndexOfAnyExcept("0123456789abcdef") < 0;

    /// <summary>The hex part, used as the blob file name under blobs/sha256/.</summary>
    public static string Hex(string digest) => digest[Prefix.Length..];
}
