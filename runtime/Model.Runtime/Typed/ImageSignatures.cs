namespace ModelRuntime.Typed;

/// <summary>Names image formats we do not decode from their first bytes, for a clearer 400.</summary>
internal static class ImageSignatures
{
    public static string? Unsupported(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith("II*\0"u8) || b.StartsWith("MM\0*"u8))
            return "TIFF";
        if (b.Length >= 12 && b[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = b[8..12];
            return brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8) ? "AVIF" : "HEIF";
        }
        if (b.StartsWith(new byte[] { 0x00, 0x00, 0x01, 0x00 }))
            return "ICO";
        if (b.StartsWith("8BPS"u8))
            return "PSD";
        if (b.StartsWith(new byte[] { 0xFF, 0x0A }) || b.StartsWith("\0\0\0\u000CJXL "u8))
            return "JPEG XL";
        return null;
    }

    public static string Hex(ReadOnlySpan<byte> b) => Convert.ToHexString(b[..Math.Min(8, b.Length)]);
}
