using System.Diagnostics;

namespace ModelRuntime.Tests.TypedOutputs;

/// <summary>
/// Decodes a PNG with Python's standard library alone (an independent reader: signature, every chunk's CRC, IHDR,
/// zlib, all five row filters) and returns "width height channels hex-pixels".
/// </summary>
internal static class PngPython
{
    private const string Script = """
        import struct, sys, zlib
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\x89PNG\r\n\x1a\n', 'signature'
        pos, idat, ihdr, types = 8, b'', None, []
        while pos < len(data):
            (length,) = struct.unpack('>I', data[pos:pos + 4])
            kind = data[pos + 4:pos + 8]
            body = data[pos + 8:pos + 8 + length]
            (crc,) = struct.unpack('>I', data[pos + 8 + length:pos + 12 + length])
            assert zlib.crc32(kind + body) & 0xffffffff == crc, 'crc of ' + kind.decode()
            types.append(kind.decode())
            if kind == b'IHDR': ihdr = struct.unpack('>IIBBBBB', body)
            if kind == b'IDAT': idat += body
            pos += 12 + length
        assert types[0] == 'IHDR' and types[-1] == 'IEND', types
        w, h, depth, color, comp, filt, interlace = ihdr
        assert depth == 8 and comp == 0 and filt == 0 and interlace == 0
        ch = {0: 1, 2: 3}[color]
        raw = zlib.decompress(idat)
        stride = w * ch
        assert len(raw) == h * (stride + 1), 'size'
        out, prev = bytearray(), bytearray(stride)
        for y in range(h):
            f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
            for i in range(stride):
                a = line[i - ch] if i >= ch else 0
                b, c = prev[i], prev[i - ch] if i >= ch else 0
                p = a + b - c
                pred = [0, a, b, (a + b) // 2,
                        a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else (b if abs(p - b) <= abs(p - c) else c)][f]
                line[i] = (line[i] + pred) & 0xff
            out += line
            prev = line
        print(w, h, ch, out.hex())
        """;

    public static (int Width, int Height, int Channels, byte[] Pixels) Decode(byte[] png)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("typed-out-png-").FullName, "image.png");
        File.WriteAllBytes(path, png);
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr.Result);
        var parts = stdout.Result.Trim().Split(' ');
        return (int.Parse(parts[0]), int.Parse(parts[1]), int.Parse(parts[2]), Convert.FromHexString(parts[3]));
    }
}
