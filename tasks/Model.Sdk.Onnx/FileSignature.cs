using System.Text;

namespace ModelSdk.Onnx;

/// <summary>Recognises common files that people mistake for ONNX models, to say what the file really is.</summary>
internal static class FileSignature
{
    public const int HeadLength = 512;

    private static readonly byte[] Gzip = [0x1F, 0x8B];
    private static readonly byte[] Hdf5 = [0x89, (byte)'H', (byte)'D', (byte)'F'];

    /// <summary>A phrase like "a ZIP archive (...)", or null when the bytes look like nothing in particular.</summary>
    public static string? Describe(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
            return null;
        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8))
            return "a ZIP archive, such as a PyTorch .pt/.pth checkpoint, a Keras .keras file or a .zip";
        if (head.StartsWith(Gzip))
            return "a gzip-compressed file; extract it first";
        if (head.StartsWith(Hdf5))
            return "an HDF5 file, such as a Keras .h5 model; convert it to ONNX first";
        if (head.Length >= 8 && head[4..8].SequenceEqual("TFL3"u8))
            return "a TensorFlow Lite model; convert it to ONNX first";
        if (head.Length >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5)
            return "a Python pickle, such as a PyTorch or scikit-learn model saved with pickle; export it to ONNX first";
        if (head.Length > 262 && head[257..262].SequenceEqual("ustar"u8))
            return "a tar archive; extract it first";
        if (LooksLikeSafetensors(head))
            return "a safetensors weights file; export the model to ONNX first";
        if (!TryDecodeText(head, out var text))
            return null;
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith("version https://git-lfs", StringComparison.Ordinal))
            return "a Git LFS pointer, not the model itself; run `git lfs pull` to fetch the real file";
        if (trimmed.StartsWith('<'))
            return trimmed.Contains("html", StringComparison.OrdinalIgnoreCase)
                ? "an HTML page, often an error or login page saved instead of the download"
                : "an XML file";
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
            return "a JSON file";
        if (trimmed.StartsWith("ir_version", StringComparison.Ordinal))
            return "a text-format (prototxt) ONNX dump; save the model in binary protobuf format";
        return "a text file";
    }

    private static bool LooksLikeSafetensors(ReadOnlySpan<byte> head) =>
        head.Length >= 10
        && BitConverter.ToUInt64(head[..8]) is > 1 and < 100_000_000
        && head[8] == (byte)'{'
        && head[9] == (byte)'"';

    private static bool TryDecodeText(ReadOnlySpan<byte> head, out string text)
    {
        text = "";
        // The head may cut a multi-byte character in half: ignore up to 3 trailing bytes.
        for (var cut = 0; cut <= Math.Min(3, head.Length - 1); cut++)
        {
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(head[..^cut]);
                break;
            }
            catch (DecoderFallbackException)
            {
                if (cut == Math.Min(3, head.Length - 1))
                    return false;
            }
        }
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f'))
                return false;
        }
        return text.Length > 0;
    }
}
