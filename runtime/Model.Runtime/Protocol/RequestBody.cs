using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using ModelRuntime.Memory;
using ModelRuntime.Serving;

namespace ModelRuntime.Protocol;

/// <summary>
/// A request body held in 64 KiB pooled segments (no single large array, no copy when it grows), read under the
/// request's memory lease. Disposing returns the segments to a bounded pool (at most 2 MiB kept).
/// </summary>
public sealed class RequestBody : IDisposable
{
    public const int SegmentSize = 1 << 16;

    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(SegmentSize, 32);

    private readonly List<byte[]> _segments = [];
    private readonly RequestMemoryLease _lease;
    private long _reserved;

    private RequestBody(RequestMemoryLease lease) => _lease = lease;

    public long Length { get; private set; }

    public ReadOnlySequence<byte> Sequence => BodySegment.Build(_segments, Length, SegmentSize);

    public static async Task<RequestBody> ReadAsync(HttpContext ctx, long limit, RequestMemoryLease lease)
    {
        if (ctx.Request.ContentLength > limit)
            throw TooLarge(limit);
        var sizeFeature = ctx.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
            sizeFeature.MaxRequestBodySize = limit;
        var body = new RequestBody(lease);
        try
        {
            // A declared length is reserved whole, before anything is read; a chunked body segment by segment.
            if (ctx.Request.ContentLength is { } declared)
                body.Reserve(declared);
            await body.FillAsync(ctx, limit);
            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    private async Task FillAsync(HttpContext ctx, long limit)
    {
        // A gzip body is counted (and limited) by its decompressed bytes, so a gzip bomb is 413, not memory.
        await using var stream = RequestEncoding.Open(ctx.Request);
        while (true)
        {
            var offset = (int)(Length % SegmentSize);
            if (offset == 0)
            {
                Reserve(Math.Min(Length + SegmentSize, limit) - _reserved);
                _segments.Add(Pool.Rent(SegmentSize));
            }
            var read = await ClientErrors.ReadBodyAsync(
                stream,
                _segments[^1].AsMemory(offset, SegmentSize - offset),
                limit,
                ctx.RequestAborted
            );
            if (read == 0)
                return;
            Length += read;
            if (Length > limit)
                throw TooLarge(limit);
        }
    }

    private void Reserve(long bytes)
    {
        if (bytes <= 0)
            return;
        _lease.Reserve(bytes, "the request body");
        _reserved += bytes;
    }

    internal static InferenceException TooLarge(long limit) =>
        new(413, $"request body is larger than the limit of {limit} bytes (MODEL_MAX_REQUEST_BYTES)");

    public void Dispose()
    {
        foreach (var segment in _segments)
            Pool.Return(segment);
        _segments.Clear();
        _lease.Release(_reserved);
        _reserved = 0;
    }
}

/// <summary>Links pooled arrays into a <see cref="ReadOnlySequence{T}"/> for Utf8JsonReader.</summary>
internal sealed class BodySegment : ReadOnlySequenceSegment<byte>
{
    private BodySegment(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Build(List<byte[]> arrays, long length, int segmentSize)
    {
        if (length == 0)
            return ReadOnlySequence<byte>.Empty;
        BodySegment? first = null;
        BodySegment? last = null;
        for (var i = 0; i < arrays.Count && (long)i * segmentSize < length; i++)
        {
            var size = (int)Math.Min(segmentSize, length - (long)i * segmentSize);
            var segment = new BodySegment(arrays[i].AsMemory(0, size), (long)i * segmentSize);
            if (last is null)
                first = segment;
            else
                last.Next = segment;
            last = segment;
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }
}
