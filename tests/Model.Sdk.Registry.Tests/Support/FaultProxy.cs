using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace ModelSdk.Registry.Tests.Support;

/// <summary>
/// A loopback reverse proxy in front of a registry that counts requests and uploaded bytes and injects faults on
/// matching requests: an error status (500, 429 with Retry-After), a connection dropped after some body bytes
/// (the registry sees the truncated request too), or a stall.
/// </summary>
public sealed class FaultProxy : IDisposable
{
    private readonly string _target;
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
    private readonly LoopbackHost _host;
    private readonly ConcurrentQueue<Fault> _faults = new();
    private long _uploadedBytes;

    public FaultProxy(string target)
    {
        _target = target;
        _host = new LoopbackHost(HandleAsync);
    }

    public string Address => _host.Address;

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Body bytes that reached the proxy in blob upload requests (PUT/PATCH to /blobs/uploads/).</summary>
    public long UploadedBytes => Interlocked.Read(ref _uploadedBytes);

    public int Count(string method, string pathPart) =>
        Requests.Count(r =>
            r.StartsWith(method + " ", StringComparison.Ordinal) && r.Contains(pathPart, StringComparison.Ordinal)
        );

    public void ResetCounters()
    {
        Requests.Clear();
        Interlocked.Exchange(ref _uploadedBytes, 0);
    }

    /// <summary>Adds a fault for the next <paramref name="times"/> requests with this method whose path contains <paramref name="pathPart"/>.</summary>
    public void Inject(
        string method,
        string pathPart,
        FaultKind kind,
        int times = 1,
        long dropAfterBytes = 0,
        int retryAfterSeconds = 0,
        TimeSpan stall = default
    ) => _faults.Enqueue(new Fault(method, pathPart, kind, times, dropAfterBytes, retryAfterSeconds, stall));

    /// <summary>Like <see cref="Inject"/>, but lets the first <paramref name="skip"/> matching requests through.</summary>
    public void InjectAfter(string method, string pathPart, int skip, FaultKind kind, long dropAfterBytes = 0) =>
        _faults.Enqueue(new Fault(method, pathPart, kind, 1, dropAfterBytes, 0, default, skip));

    public void Dispose()
    {
        _host.Dispose();
        _client.Dispose();
    }

    private Fault? Take(HttpRequest request)
    {
        foreach (var fault in _faults)
        {
            if (
                fault.Method == request.Method
                && (request.Path.Value ?? "").Contains(fault.PathPart, StringComparison.Ordinal)
                && fault.TryUse()
            )
            {
                return fault;
            }
        }
        return null;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        Requests.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        var fault = Take(request);
        if (fault?.Kind == FaultKind.Status500)
        {
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync("""{"errors":[{"code":"UNKNOWN","message":"injected failure"}]}""");
            return;
        }
        if (fault?.Kind == FaultKind.Status429)
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString();
            await context.Response.WriteAsync("""{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}""");
            return;
        }
        if (fault?.Kind == FaultKind.Stall)
        {
            try
            {
                await Task.Delay(fault.StallFor, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        if (fault?.Kind == FaultKind.DropBeforeForwarding)
        {
            // The registry never sees this request: its upload session stays at the last acknowledged chunk.
            var buffer = new byte[64 * 1024];
            long read = 0;
            int n;
            while (
                read < fault.DropAfterBytes && (n = await request.Body.ReadAsync(buffer, context.RequestAborted)) > 0
            )
            {
                read += n;
            }
            context.Abort();
            return;
        }
        var isUpload =
            (request.Method is "PUT" or "PATCH")
            && (request.Path.Value ?? "").Contains("/blobs/uploads/", StringComparison.Ordinal);
        using var upstream = new HttpRequestMessage(
            new HttpMethod(request.Method),
            $"http://{_target}{request.Path}{request.QueryString}"
        );
        var hasBody =
            request.ContentLength > 0
            || request.Headers.TransferEncoding.Count > 0
            || request.Method is "PUT" or "PATCH" or "POST";
        if (hasBody)
        {
            var limit = fault?.Kind == FaultKind.DropMidBody ? fault.DropAfterBytes : long.MaxValue;
            upstream.Content = new StreamContent(
                new CountingStream(
                    request.Body,
                    limit,
                    n =>
                    {
                        if (isUpload)
                            Interlocked.Add(ref _uploadedBytes, n);
                    }
                )
            );
            foreach (var name in new[] { "Content-Type", "Content-Range", "Content-Length" })
            {
                if (request.Headers.TryGetValue(name, out var value))
                {
                    upstream.Content.Headers.TryAddWithoutValidation(name, value.ToArray());
                }
            }
        }
        foreach (var header in request.Headers)
        {
            if (
                header.Key
                is "Host"
                    or "Content-Type"
                    or "Content-Range"
                    or "Content-Length"
                    or "Transfer-Encoding"
                    or "Expect"
                    or "Connection"
            )
            {
                continue;
            }
            upstream.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
        }
        // The registry builds Location URLs from Host; keep them pointing at the proxy.
        upstream.Headers.Host = Address;
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(
                upstream,
                HttpCompletionOption.ResponseHeadersRead,
                context.RequestAborted
            );
        }
        catch (Exception) when (fault?.Kind == FaultKind.DropMidBody || context.RequestAborted.IsCancellationRequested)
        {
            context.Abort();
            return;
        }
        using (response)
        {
            if (fault?.Kind == FaultKind.DropMidBody)
            {
                // The body was shorter than the limit: drop the answer instead.
                context.Abort();
                return;
            }
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                if (header.Key is "Transfer-Encoding" or "Connection")
                {
                    continue;
                }
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
            if (request.Method != "HEAD")
            {
                await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
            }
        }
    }

    private sealed class Fault(
        string method,
        string pathPart,
        FaultKind kind,
        int times,
        long dropAfterBytes,
        int retryAfterSeconds,
        TimeSpan stall,
        int skip = 0
    )
    {
        private int _skip = skip;
        private int _remaining = times;

        public string Method => method;
        public string PathPart => pathPart;
        public FaultKind Kind => kind;
        public long DropAfterBytes => dropAfterBytes;
        public int RetryAfterSeconds => retryAfterSeconds;
        public TimeSpan StallFor => stall;

        public bool TryUse() => Interlocked.Decrement(ref _skip) < 0 && Interlocked.Decrement(ref _remaining) >= 0;
    }

    /// <summary>Passes a request body through, counting bytes; fails after <c>limit</c> bytes to simulate a dropped link.</summary>
    private sealed class CountingStream(Stream inner, long limit, Action<long> counted) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(
            Memory<byte> buffer,
            CancellationToken cancellationToken = default
        )
        {
            if (_position >= limit)
            {
                throw new IOException("injected connection drop");
            }
            var max = (int)Math.Min(buffer.Length, limit - _position);
            var read = await inner.ReadAsync(buffer[..max], cancellationToken);
            _position += read;
            counted(read);
            return read;
        }

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

public enum FaultKind
{
    Status500,
    Status429,
    DropMidBody,
    DropBeforeForwarding,
    Stall,
}
