using System.Net;

namespace ModelSdk.Registry;

/// <summary>
/// Puts one blob into a repository the cheapest way that works: nothing if the registry has it (HEAD), a
/// cross-repository mount if a sibling repository has it, else one streamed monolithic upload (POST, then PUT with
/// the file as body). After a dropped connection or a server error it resumes from the registry's reported Range
/// in chunks (PATCH), or starts a new upload session when the old one is gone.
/// </summary>
internal sealed partial class BlobUploader(
    RegistrySession session,
    string repository,
    IReadOnlyList<string> mountSources
)
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
        var state = new UploadState
        {
            Location = location,
            MinChunk = minChunk,
            Chunked = Options.ForceChunkedUpload,
        };
        for (var attempt = 1; ; attempt++)
        {
            await EnsureSessionAsync(state, scopes, blob, cancellationToken).ConfigureAwait(false);
            var outcome = await AttemptAsync(state, blob, path, scopes, attempt, cancellationToken)
                .ConfigureAwait(false);
            switch (NextStep(outcome, state, blob, path))
            {
                case StepNext.Done:
                    return;
                case StepNext.Restart:
                    continue;
                case StepNext.SwitchToChunks:
                    attempt--;
                    continue;
            }
            await BackOffAsync(state, outcome, blob, scopes, attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Opens an upload session when there is none (first attempt, or the old one is gone).</summary>
    private async Task EnsureSessionAsync(
        UploadState state,
        IReadOnlyList<string> scopes,
        Descriptor blob,
        CancellationToken cancellationToken
    )
    {
        if (state.Location is not null)
        {
            return;
        }
        (state.Location, state.MinChunk) = await StartUploadAsync(scopes, blob, cancellationToken)
            .ConfigureAwait(false);
        state.Offset = 0;
        state.Resumed = false;
    }

    /// <summary>One monolithic or chunked pass; a dropped connection is an outcome to retry until the last attempt.</summary>
    private async Task<StepOutcome> AttemptAsync(
        UploadState state,
        Descriptor blob,
        string path,
        IReadOnlyList<string> scopes,
        int attempt,
        CancellationToken cancellationToken
    )
    {
        try
        {
            return state.Chunked
                ? await ChunkedAsync(blob, path, scopes, state, cancellationToken).ConfigureAwait(false)
                : await MonolithicAsync(blob, path, scopes, state.Location!, cancellationToken).ConfigureAwait(false);
        }
        catch (TransientFailure e)
        {
            if (attempt >= Options.Retry.MaxAttempts)
            {
                throw e.ToCoded(session.Registry, $"the upload of {Short(blob)}", attempt);
            }
            return new StepOutcome { Failure = e.Message };
        }
    }

    private StepNext NextStep(StepOutcome outcome, UploadState state, Descriptor blob, string path)
    {
        if (outcome.Done)
        {
            return StepNext.Done;
        }
        if (outcome.DigestInvalid)
        {
            if (!state.Resumed)
            {
                throw new ModelSdkException(
                    ErrorCodes.BlobDigestMismatch,
                    $"The registry computed a different digest for {blob.Digest} than the image layout names: the file changed after the build or is corrupt. Rebuild the image with 'dotnet build'.",
                    path
                );
            }
            // A resumed upload that went wrong: start clean.
            state.Location = null;
            return StepNext.Restart;
        }
        if (outcome.TooLarge && !state.Chunked)
        {
            session.Log.Verbose(
                $"{Short(blob)}: the registry refused a monolithic upload of {blob.Size} bytes; uploading in chunks."
            );
            state.Chunked = true;
            state.Location = null;
            return StepNext.SwitchToChunks;
        }
        if (outcome.SessionLost)
        {
            state.Location = null;
        }
        return StepNext.BackOff;
    }

    /// <summary>Waits, then picks up where the registry says the upload stands, in chunks from now on.</summary>
    private async Task BackOffAsync(
        UploadState state,
        StepOutcome outcome,
        Descriptor blob,
        IReadOnlyList<string> scopes,
        int attempt,
        CancellationToken cancellationToken
    )
    {
        if (attempt >= Options.Retry.MaxAttempts)
        {
            throw new ModelSdkException(
                ErrorCodes.BlobUploadFailed,
                $"Uploading {blob.Digest} ({blob.Size} bytes) to {session.Registry}/{repository} failed {attempt} times; last: {outcome.Failure}. Check the registry's health and storage, then publish again; no tag was changed."
            );
        }
        var delay = Options.Retry.DelayBefore(attempt + 1, outcome.RetryAfter);
        session.Log.Verbose(
            $"{Short(blob)}: {outcome.Failure}; resuming in {delay.TotalSeconds:0.##} s (attempt {attempt + 1} of {Options.Retry.MaxAttempts})."
        );
        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        // After a failure, smaller requests lose less when the link drops again.
        state.Chunked = true;
        (state.Location, state.Offset) = await ResumePointAsync(state.Location, scopes, blob, cancellationToken)
            .ConfigureAwait(false);
        state.Resumed = state.Location is not null && state.Offset > 0;
    }

    internal static string Short(Descriptor blob) => blob.Digest[..19];

    private void Report(Descriptor blob, BlobState state, long done, string? detail = null) =>
        Options.Progress?.Report(new BlobProgress(blob.Digest, blob.Size, state, done, detail));
}
