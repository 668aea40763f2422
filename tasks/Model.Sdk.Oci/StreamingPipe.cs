using System.Collections.Concurrent;

namespace ModelSdk.Oci;

/// <summary>
/// A one-way in-memory pipe between two threads: the archive writer writes the image tar into <see cref="Writer"/>
/// while the engine client sends <see cref="Reader"/> to the engine, so no archive file is written. At most
/// <c>capacity</c> chunks wait in memory; a failed writer fails the reader, a closed reader stops the writer.
/// </summary>
public sealed class StreamingPipe : IDisposable
{
    private readonly BlockingCollection<byte[]> _chunks;
    private readonly CancellationTokenSource _readerClosed = new();
    private Exception? _writerError;

    public StreamingPipe(int capacity = 8)
    {
        _chunks = new BlockingCollection<byte[]>(capacity);
        Writer = new PipeWriterStream(this);
        Reader = new PipeReaderStream(this);
    }

    public Stream Writer { get; }

    public Stream Reader { get; }

    /// <summary>Ends the stream: the reader sees the end after the chunks already written, or <paramref name="error"/>.</summary>
    public void Complete(Exception? error = null)
    {
        _writerError = error;
        _chunks.CompleteAdding();
    }

    /// <summary>The reader gives up (the engine failed): a writer blocked on a full pipe is released with an error.</summary>
    public void CloseReader() => _readerClosed.Cancel();

    public void Dispose()
    {
        _readerClosed.Cancel();
        _chunks.Dispose();
        _readerClosed.Dispose();
    }

    private sealed class PipeWriterStream(StreamingPipe pipe) : WriteOnlyStream
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.IsEmpty)
            {
                return;
            }
            try
            {
                pipe._chunks.Add(buffer.ToArray(), pipe._readerClosed.Token);
            }
            catch (OperationCanceledException e)
            {
                throw new IOException("The engine stopped reading the image.", e);
            }
            Written += buffer.Length;
        }

        public override void Flush() { }
    }

    private sealed class PipeReaderStream(StreamingPipe pipe) : Stream
    {
        private byte[] _current = [];
        private int _offset;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (_offset == _current.Length)
            {
                if (!pipe._chunks.TryTake(out var next, Timeout.Infinite))
                {
                    return pipe._writerError is { } error
                        ? throw new IOException($"Writing the image stream failed: {error.Message}", error)
                        : 0;
                }
                (_current, _offset) = (next, 0);
            }
            var n = Math.Min(buffer.Length, _current.Length - _offset);
            _current.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }

        public override Task<int> ReadAsync(
            byte[] buffer,
            int offset,
            int count,
            CancellationToken cancellationToken
        ) => Task.Run(() => Read(buffer, offset, count), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            new(Task.Run(() => Read(buffer.Span), cancellationToken));

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
