using Microsoft.Win32.SafeHandles;

namespace ModelRuntime.Predict;

/// <summary>Where one non-blank line of a JSONL file is: its 1-based number, offset and length in bytes.</summary>
public readonly record struct JsonlLine(int Number, long Offset, int Length);

/// <summary>
/// A JSONL file read without holding it in memory: <see cref="Index"/> finds the non-blank lines in one streaming pass
/// (16 bytes per line kept), <see cref="Read"/> returns a line's bytes through a window that moves forward, so reading
/// the lines in order reads the file once. Not thread-safe: one reader at a time.
/// </summary>
public sealed class JsonlFile : IDisposable
{
    private const int Window = 1 << 20;
    private readonly SafeFileHandle _handle;
    private byte[] _window = new byte[Window];
    private long _windowStart;
    private int _windowLength;

    private JsonlFile(string path, IReadOnlyList<JsonlLine> lines)
    {
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        Path = path;
        Lines = lines;
    }

    public string Path { get; }

    public IReadOnlyList<JsonlLine> Lines { get; }

    public static JsonlFile Open(string path) => new(path, Index(path));

    /// <summary>The line's bytes, valid until the next call.</summary>
    public ReadOnlyMemory<byte> Read(JsonlLine line)
    {
        if (line.Offset < _windowStart || line.Offset + line.Length > _windowStart + _windowLength)
            Fill(line);
        return _window.AsMemory((int)(line.Offset - _windowStart), line.Length);
    }

    public void Dispose() => _handle.Dispose();

    private void Fill(JsonlLine line)
    {
        if (line.Length > _window.Length)
            _window = new byte[line.Length];
        _windowStart = line.Offset;
        _windowLength = 0;
        while (_windowLength < line.Length)
        {
            var read = RandomAccess.Read(_handle, _window.AsSpan(_windowLength), _windowStart + _windowLength);
            if (read == 0)
                throw new IOException($"'{Path}' changed while it was read: line {line.Number} is cut short");
            _windowLength += read;
        }
    }

    private static List<JsonlLine> Index(string path)
    {
        var lines = new List<JsonlLine>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, false);
        var buffer = new byte[Window];
        long offset = 0; // of buffer[0] in the file
        long lineStart = 0;
        var number = 1;
        var blank = true;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            var span = buffer.AsSpan(0, read);
            var at = 0;
            while (at < read)
            {
                var newline = span[at..].IndexOf((byte)'\n');
                var end = newline < 0 ? read : at + newline;
                blank = blank && span[at..end].IndexOfAnyExcept(" \t\r"u8) < 0;
                if (newline < 0)
                    break;
                Add(lines, number++, lineStart, offset + end, blank);
                lineStart = offset + end + 1;
                blank = true;
                at = end + 1;
            }
            offset += read;
        }
        Add(lines, number, lineStart, offset, blank);
        return lines;
    }

    private static void Add(List<JsonlLine> lines, int number, long start, long end, bool blank)
    {
        if (blank)
            return;
        var length = end - start;
        if (length > int.MaxValue)
            throw new IOException($"line {number} is longer than 2 GiB");
        lines.Add(new JsonlLine(number, start, (int)length));
    }
}
