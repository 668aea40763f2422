using System.Net;

namespace ModelSdk.Registry;

/// <summary>The requests of one upload pass (monolithic PUT or PATCH chunks) and how their answers are read.</summary>
internal sealed partial class BlobUploader
{
    /// <summary>Asks the registry how much of the upload it holds; null when the session is gone (start over).</summary>
    private async Task<(Uri? Location, long Offset)> ResumePointAsync(
        Uri? location,
        IReadOnlyList<string> scopes,
        Descriptor blob,
        CancellationToken cancellationToken
    )
    {
        if (location is null)
        {
            return (null, 0);
        }
        try
        {
            using var response = await session
                .SendAsync(
                    () => new HttpRequestMessage(HttpMethod.Get, location),
                    scopes,
                    $"asking for the upload status of {Short(blob)}",
                    cancellationToken
                )
                .ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NoContent && RangeEnd(response) is { } end)
            {
                var next = response.Headers.Location is { } l ? session.Resolve(location, l) : location;
                session.Log.Verbose(
                    $"{Short(blob)}: the registry holds {end} bytes of the interrupted upload; resuming there."
                );
                return (next, end);
            }
            session.Log.Verbose(
                $"{Short(blob)}: the interrupted upload cannot be resumed ({(int)response.StatusCode}); starting it again."
            );
        }
        catch (ModelSdkException e)
            when (e.Code
                    is ErrorCodes.RegistryUnreachable
                        or ErrorCodes.RegistryTimeout
                        or ErrorCodes.RegistryRequestFailed
            )
        {
            session.Log.Verbose($"{Short(blob)}: no upload status ({e.Message}); starting the upload again.");
        }
        return (null, 0);
    }

    private async Task<StepOutcome> MonolithicAsync(
        Descriptor blob,
        string path,
        IReadOnlyList<string> scopes,
        Uri location,
        CancellationToken cancellationToken
    )
    {
        var sent = new SentCounter(this, blob, 0);
        var url = WithDigest(location, blob.Digest);
        using var response = await session
            .SendOnceAsync(
                () =>
                {
                    sent.Reset(0);
                    return new HttpRequestMessage(HttpMethod.Put, url)
                    {
                        Content = new FileSliceContent(path, 0, blob.Size, sent.Add),
                    };
                },
                scopes,
                $"uploading {Short(blob)}",
                cancellationToken,
                blob.Size
            )
            .ConfigureAwait(false);
        return await CompletionAsync(response, blob, cancellationToken).ConfigureAwait(false);
    }

    private async Task<StepOutcome> ChunkedAsync(
        Descriptor blob,
        string path,
        IReadOnlyList<string> scopes,
        UploadState cursor,
        CancellationToken cancellationToken
    )
    {
        var chunkSize = Math.Max(Options.ChunkSize, cursor.MinChunk);
        var location = cursor.Location!;
        var offset = cursor.Offset;
        var sent = new SentCounter(this, blob, offset);
        while (offset < blob.Size)
        {
            var length = Math.Min(chunkSize, blob.Size - offset);
            var start = offset;
            var target = location;
            using var response = await session
                .SendOnceAsync(
                    () =>
                    {
                        sent.Reset(start);
                        var request = new HttpRequestMessage(HttpMethod.Patch, target)
                        {
                            Content = new FileSliceContent(path, start, length, sent.Add),
                        };
                        request.Content.Headers.TryAddWithoutValidation(
                            "Content-Range",
                            $"{start}-{start + length - 1}"
                        );
                        return request;
                    },
                    scopes,
                    $"uploading a chunk of {Short(blob)}",
                    cancellationToken,
                    length
                )
                .ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                return await FailedStepAsync(response, blob, cancellationToken).ConfigureAwait(false);
            }
            location = response.Headers.Location is { } next ? session.Resolve(location, next) : location;
            offset = RangeEnd(response) is { } end && end > offset ? end : start + length;
            (cursor.Location, cursor.Offset) = (location, offset);
        }
        var url = WithDigest(location, blob.Digest);
        using var final = await session
            .SendOnceAsync(
                () => new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent([]) },
                scopes,
                $"completing the upload of {Short(blob)}",
                cancellationToken
            )
            .ConfigureAwait(false);
        return await CompletionAsync(final, blob, cancellationToken).ConfigureAwait(false);
    }

    private async Task<StepOutcome> CompletionAsync(
        HttpResponseMessage response,
        Descriptor blob,
        CancellationToken cancellationToken
    )
    {
        if (response.StatusCode == HttpStatusCode.Created)
        {
            if (
                response.Headers.TryGetValues("Docker-Content-Digest", out var digests)
                && digests.FirstOrDefault() is { } confirmed
                && confirmed != blob.Digest
            )
            {
                return new StepOutcome { DigestInvalid = true };
            }
            return new StepOutcome { Done = true };
        }
        return await FailedStepAsync(response, blob, cancellationToken).ConfigureAwait(false);
    }

    private async Task<StepOutcome> FailedStepAsync(
        HttpResponseMessage response,
        Descriptor blob,
        CancellationToken cancellationToken
    )
    {
        if (RegistrySession.IsRetryable(response.StatusCode))
        {
            var retryAfter = response.Headers.RetryAfter?.Delta;
            return new StepOutcome
            {
                RetryAfter = retryAfter,
                Failure = $"{(int)response.StatusCode} {response.ReasonPhrase}",
            };
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (RegistryErrors.Has(body, "DIGEST_INVALID"))
        {
            return new StepOutcome { DigestInvalid = true };
        }
        if (
            response.StatusCode == HttpStatusCode.RequestEntityTooLarge
            && !RegistryErrors.Parse(body).Any(e => e.Code.Contains("QUOTA", StringComparison.OrdinalIgnoreCase))
        )
        {
            return new StepOutcome { TooLarge = true };
        }
        if (
            response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.RequestedRangeNotSatisfiable
            || RegistryErrors.Has(body, "BLOB_UPLOAD_UNKNOWN")
            || RegistryErrors.Has(body, "BLOB_UPLOAD_INVALID")
        )
        {
            // The session is gone or out of step: let the retry loop start a new one.
            return new StepOutcome
            {
                SessionLost = true,
                Failure = $"upload session lost ({RegistryErrors.MessageOf(body)})",
            };
        }
        using var replay = new HttpResponseMessage(response.StatusCode)
        {
            ReasonPhrase = response.ReasonPhrase,
            Content = new StringContent(body),
        };
        throw await session
            .FailureAsync(replay, $"the upload of {Short(blob)} to {repository}", cancellationToken)
            .ConfigureAwait(false);
    }

    private static long? RangeEnd(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Range", out var values))
        {
            return null;
        }
        var text = values.FirstOrDefault()?.Replace("bytes=", "", StringComparison.Ordinal) ?? "";
        var dash = text.IndexOf('-');
        if (dash < 0 || !long.TryParse(text[(dash + 1)..], out var last))
        {
            return null;
        }
        // Registries report "0-0" for an empty upload as well as for one byte; re-sending from 0 is always safe.
        return last == 0 ? 0 : last + 1;
    }

    private static long MinChunkOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("OCI-Chunk-Min-Length", out var values)
        && long.TryParse(values.FirstOrDefault(), out var min)
            ? min
            : 0;

    private static Uri WithDigest(Uri location, string digest)
    {
        var separator = string.IsNullOrEmpty(location.Query) ? "?" : "&";
        return new Uri(location.AbsoluteUri + separator + "digest=" + Uri.EscapeDataString(digest));
    }

    /// <summary>Counts bytes handed to the network and reports them every few megabytes.</summary>
    private sealed class SentCounter(BlobUploader owner, Descriptor blob, long start)
    {
        private long _sent = start;
        private long _reported = start;

        public void Reset(long offset)
        {
            _sent = offset;
            _reported = offset;
        }

        public void Add(long bytes)
        {
            _sent += bytes;
            if (_sent - _reported >= ProgressStep && _sent < blob.Size)
            {
                _reported = _sent;
                owner.Report(blob, BlobState.Uploading, _sent);
            }
        }
    }

    private sealed record StepOutcome
    {
        public bool Done { get; init; }
        public bool DigestInvalid { get; init; }
        public bool TooLarge { get; init; }
        public bool SessionLost { get; init; }
        public TimeSpan? RetryAfter { get; init; }
        public string? Failure { get; init; }
    }

    private enum StepNext
    {
        Done,
        Restart,
        SwitchToChunks,
        BackOff,
    }

    /// <summary>Where an upload stands: its session, the bytes the registry holds, and how it is being sent.</summary>
    private sealed class UploadState
    {
        public Uri? Location { get; set; }
        public long Offset { get; set; }
        public long MinChunk { get; set; }
        public bool Chunked { get; set; }
        public bool Resumed { get; set; }
    }
}
