using System.Net;

namespace ModelSdk.Registry;

/// <summary>
/// Puts one blob into a repository the cheapest way that works: nothing if the registry has it (HEAD), a
/// cross-repository mount if a sibling repository has it, else one streamed monolithic upload (POST, then PUT with
/// the file as body). After a dropped connection or a server error it resumes from the registry's reported Range
/// in chunks (PATCH), or starts a new upload session when the old one is gone.
/// </summary>
internal sealed class BlobUploader(RegistrySession session, string repository, IReadOnlyList<string> mountSources)
{
    private const long ProgressStep = 4L << 20;

    private RegistryOptions Options => session.Options;

    /// <summary>Reports a blob the registry already has.</summary>
    public BlobState Skipped(Descriptor blob)
    {
        Report(blob, BlobState.Skipped, 0);
        return BlobState.Skipped;
    }

    public Task<bool> ExistsAsync(Descriptor blob, CancellationToken cancellationToken) =>
        ExistsAsync(blob, [$"repository:{repository}:pull,push"], cancellationToken);

    /// <summary>A blob the registry does not have: mounted from a sibling repository if one has it, else uploaded.</summary>
    public async Task<BlobState> PutAsync(Descriptor blob, string path, CancellationToken cancellationToken)
    {
        var scopes = new List<string> { $"repository:{repository}:pull,push" };
        Uri? location = null;
        long minChunk = 0;
        foreach (var source in mountSources.Where(s => s != repository).Distinct(StringComparer.Ordinal))
        {
            var mountScopes = new List<string>(scopes) { $"repository:{source}:pull" };
            var (mounted, uploadLocation, chunkMin) = await TryMountAsync(blob, source, mountScopes, cancellationToken)
                .ConfigureAwait(false);
            if (mounted)
            {
                Report(blob, BlobState.Mounted, 0, source);
                return BlobState.Mounted;
            }
            location = uploadLocation;
            minChunk = chunkMin;
            if (location is not null)
            {
                break;
            }
        }
        await UploadWithRetriesAsync(blob, path, scopes, location, minChunk, cancellationToken).ConfigureAwait(false);
        Report(blob, BlobState.Uploaded, blob.Size);
        return BlobState.Uploaded;
    }

    public async Task<bool> ExistsAsync(
        Descriptor blob,
        IReadOnlyList<string> scopes,
        CancellationToken cancellationToken
    )
    {
        var url = await session
            .UrlAsync($"v2/{repository}/blobs/{blob.Digest}", cancellationToken)
            .ConfigureAwait(false);
        using var response = await session
            .SendAsync(
                () => new HttpRequestMessage(HttpMethod.Head, url),
                scopes,
                $"checking blob {Short(blob)}",
                cancellationToken
            )
            .ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return true;
        }
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        throw await session
            .FailureAsync(response, $"checking blob {Short(blob)} in {repository}", cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<(bool Mounted, Uri? Location, long MinChunk)> TryMountAsync(
        Descriptor blob,
        string source,
        IReadOnlyList<string> scopes,
        CancellationToken cancellationToken
    )
    {
        var url = await session
            .UrlAsync(
                $"v2/{repository}/blobs/uploads/?mount={Uri.EscapeDataString(blob.Digest)}&from={Uri.EscapeDataString(source)}",
                cancellationToken
            )
            .ConfigureAwait(false);
        using var response = await session
            .SendAsync(
                () => new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent([]) },
                scopes,
                $"mounting {Short(blob)} from {source}",
                cancellationToken
            )
            .ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return (true, null, 0);
        }
        if (response.StatusCode == HttpStatusCode.Accepted && response.Headers.Location is { } location)
        {
            session.Log.Verbose($"{Short(blob)} is not mountable from {source}; uploading it.");
            return (false, session.Resolve(url, location), MinChunkOf(response));
        }
        // Some registries refuse mounts outright (e.g. no pull access to the source): upload instead.
        session.Log.Verbose(
            $"Mounting {Short(blob)} from {source} failed with {(int)response.StatusCode}; uploading it."
        );
        return (false, null, 0);
    }

    private async Task<(Uri Location, long MinChunk)> StartUploadAsync(
        IReadOnlyList<string> scopes,
        Descriptor blob,
        CancellationToken cancellationToken
    )
    {
        var url = await session.UrlAsync($"v2/{repository}/blobs/uploads/", cancellationToken).ConfigureAwait(false);
        using var response = await session
            .SendAsync(
                () => new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent([]) },
                scopes,
                $"starting the upload of {Short(blob)}",
                cancellationToken
            )
            .ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Accepted && response.Headers.Location is { } location)
        {
            return (session.Resolve(url, location), MinChunkOf(response));
        }
        throw await session
            .FailureAsync(response, $"starting the upload of {Short(blob)} to {repository}", cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task UploadWithRetriesAsync(
        Descriptor blob,
        string path,
        IReadOnlyList<string> scopes,
        Uri? location,
        long minChunk,
        CancellationToken cancellationToken
    )
    {
        var chunked = Options.ForceChunkedUpload;
        long offset = 0;
        var resumed = false;
        for (var attempt = 1; ; attempt++)
        {
            if (location is null)
            {
                (location, minChunk) = await StartUploadAsync(scopes, blob, cancellationToken).ConfigureAwait(false);
                offset = 0;
                resumed = false;
            }
            TimeSpan? retryAfter = null;
            string failure;
            try
            {
                var cursor = new Cursor { Location = location, Offset = offset };
                StepOutcome outcome;
                try
                {
                    outcome = chunked
                        ? await ChunkedAsync(blob, path, scopes, cursor, minChunk, cancellationToken)
                            .ConfigureAwait(false)
                        : await MonolithicAsync(blob, path, scopes, location, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    // A chunk that failed leaves the session at the last acknowledged chunk.
                    (location, offset) = (cursor.Location, cursor.Offset);
                }
                if (outcome.Done)
                {
                    return;
                }
                if (outcome.DigestInvalid)
                {
                    if (!resumed)
                    {
                        throw new ModelSdkException(
                            ErrorCodes.BlobDigestMismatch,
                            $"The registry computed a different digest for {blob.Digest} than the image layout names: the file changed after the build or is corrupt. Rebuild the image with 'dotnet build'.",
                            path
                        );
                    }
                    // A resumed upload that went wrong: start clean.
                    location = null;
                    continue;
                }
                if (outcome.TooLarge && !chunked)
                {
                    session.Log.Verbose(
                        $"{Short(blob)}: the registry refused a monolithic upload of {blob.Size} bytes; uploading in chunks."
                    );
                    chunked = true;
                    location = null;
                    attempt--;
                    continue;
                }
                if (outcome.SessionLost)
                {
                    location = null;
                }
                (retryAfter, failure) = (outcome.RetryAfter, outcome.Failure!);
            }
            catch (TransientFailure e)
            {
                failure = e.Message;
                if (attempt >= Options.Retry.MaxAttempts)
                {
                    throw e.ToCoded(session.Registry, $"the upload of {Short(blob)}", attempt);
                }
            }
            if (attempt >= Options.Retry.MaxAttempts)
            {
                throw new ModelSdkException(
                    ErrorCodes.BlobUploadFailed,
                    $"Uploading {blob.Digest} ({blob.Size} bytes) to {session.Registry}/{repository} failed {attempt} times; last: {failure}. Check the registry's health and storage, then publish again; no tag was changed."
                );
            }
            var delay = Options.Retry.DelayBefore(attempt + 1, retryAfter);
            session.Log.Verbose(
                $"{Short(blob)}: {failure}; resuming in {delay.TotalSeconds:0.##} s (attempt {attempt + 1} of {Options.Retry.MaxAttempts})."
            );
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            // After a failure, smaller requests lose less when the link drops again.
            chunked = true;
            (location, offset) = await ResumePointAsync(location, scopes, blob, cancellationToken)
                .ConfigureAwait(false);
            resumed = location is not null && offset > 0;
        }
    }

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
        Cursor cursor,
        long minChunk,
        CancellationToken cancellationToken
    )
    {
        var chunkSize = Math.Max(Options.ChunkSize, minChunk);
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

    internal static string Short(Descriptor blob) => blob.Digest[..19];

    private void Report(Descriptor blob, BlobState state, long done, string? detail = null) =>
        Options.Progress?.Report(new BlobProgress(blob.Digest, blob.Size, state, done, detail));

    private sealed class Cursor
    {
        public Uri? Location { get; set; }
        public long Offset { get; set; }
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
}
