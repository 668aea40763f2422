using System.Net.Sockets;
using System.Text;

namespace ModelRuntime.Tests.Support;

/// <summary>Hand-written HTTP/1.1 over a socket, for requests HttpClient will not send (bad chunks, stalled bodies).</summary>
internal sealed class RawHttp : IDisposable
{
    private readonly TcpClient _tcp = new();
    private NetworkStream _stream = null!;

    public static async Task<RawHttp> ConnectAsync(int port)
    {
        var raw = new RawHttp();
        await raw._tcp.ConnectAsync("127.0.0.1", port);
        raw._stream = raw._tcp.GetStream();
        return raw;
    }

    public Task SendAsync(string text) => _stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

    /// <summary>Reads until the response's headers and Content-Length body are in (or the server closes).</summary>
    public async Task<(int Status, string Text)> ReadResponseAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var text = new StringBuilder();
        var buffer = new byte[8192];
        while (true)
        {
            var read = await _stream.ReadAsync(buffer, cts.Token);
            if (read == 0)
                break;
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            if (Complete(text.ToString()))
                break;
        }
        var all = text.ToString();
        var status = all.Length >= 12 ? int.Parse(all.AsSpan(9, 3)) : 0;
        return (status, all);
    }

    private static bool Complete(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
            return false;
        var header = text[..end]
            .Split("\r\n")
            .FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return header is not null && text.Length - end - 4 >= int.Parse(header["Content-Length:".Length..].Trim());
    }

    public void Dispose() => _tcp.Dispose();
}
