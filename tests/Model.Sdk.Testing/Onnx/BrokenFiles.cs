using System.IO.Compression;
using System.Text;

namespace ModelSdk.Testing;

/// <summary>Writes files that are not valid ONNX models, for error-path tests.</summary>
public static class BrokenFiles
{
    /// <summary>The first <paramref name="length"/> bytes of <paramref name="model"/>.</summary>
    public static string Truncated(byte[] model, long length, string path)
    {
        File.WriteAllBytes(path, model[..(int)length]);
        return path;
    }

    /// <summary>Cuts an existing file (of any size) to <paramref name="length"/> bytes in place.</summary>
    public static void TruncateInPlace(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength(length);
    }

    public static string WithByte(byte[] model, int offset, byte value, string path)
    {
        var copy = (byte[])model.Clone();
        copy[offset] = value;
        File.WriteAllBytes(path, copy);
        return path;
    }

    public static string Empty(string path)
    {
        File.WriteAllBytes(path, []);
        return path;
    }

    public static string Text(string path, string text = "This is not a model.\nJust some notes.\n")
    {
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    public static string Html(string path) =>
        Text(path, "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Please sign in</body></html>\n");

    public static string GitLfsPointer(string path) =>
        Text(
            path,
            "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n"
        );

    /// <summary>A ZIP archive like a PyTorch checkpoint (archive/data.pkl inside).</summary>
    public static string Zip(string path)
    {
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            var entry = archive.CreateEntry("archive/data.pkl");
            using var stream = entry.Open();
            stream.Write([0x80, 0x02, (byte)'}', (byte)'q', 0x00, (byte)'.']);
        }
        return path;
    }

    /// <summary>Deterministic random bytes.</summary>
    public static string Garbage(string path, int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
