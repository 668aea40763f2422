using System.Net;
using System.Security.Cryptography;

namespace ModelSdk.Registry;

/// <summary>Resolves references to image manifests (choosing a platform from an index) and downloads verified blobs.</summary>
internal sealed class ImagePuller(RegistrySession session, string repository)
{
    private IReadOnlyList<string> Scopes => [$"repository:{repository}:pull"];

    public async Task<ResolvedImage> ResolveAsync(
        ImageReference reference,
        Platform platform,
        CancellationToken cancellationToken
    )
    {
        var top = await GetManifestAsync(reference.Reference, reference, cancellationToken).ConfigureAwait(false);
        if (!top.IsIndex)
        {
            return new ResolvedImage(reference, top, null);
        }
        var choice = top.Manifests.FirstOrDefault(m => platform.Matches(m.Platform));
        if (choice is null)
        {
            var offered = string.Join(", ", top.Manifests.Select(m => m.Platform?.ToString() ?? "(no platform)"));
            throw new ModelSdkException(
                ErrorCodes.PlatformNotFound,
                $"{reference} has no image for {platform}; it offers: {offered}. Choose a base image built for {platform}, or set the platform to one of those."
            );
        }
        var image = await GetManifestAsync(choice.Digest, reference, cancellationToken).ConfigureAwait(false);
        if (image.IsIndex)
        {
            throw new ModelSdkException(
                ErrorCodes.ImageNotFound,
                $"{reference} nests an index inside an index for {platform}; use a reference to the platform's image manifest instead."
            );
        }
        return new ResolvedImage(reference, image, top);
    }

    public async Task<Manifest> GetManifestAsync(
        string reference,
        ImageReference image,
        CancellationToken cancellationToken
    )
    {
        using var response = await session
            .SendManifestRequestAsync(
                HttpMethod.Get,
                repository,
                reference,
                Scopes,
                $"reading manifest {reference}",
                cancellationToken
            )
            .ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ModelSdkException(
                ErrorCodes.ImageNotFound,
                $"{image.Registry}/{repository}:{reference} does not exist. Check the image name and tag (e.g. ContainerBaseImage), and that it was pushed."
            );
        }
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await session
                .FailureAsync(response, $"reading manifest {repository}:{reference}", cancellationToken)
                .ConfigureAwait(false);
        }
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (reference.StartsWith("sha256:", StringComparison.Ordinal) && Digest.Of(bytes) != reference)
        {
            throw new ModelSdkException(
                ErrorCodes.BlobDigestMismatch,
                $"{session.Registry} returned a manifest for {reference} whose content has a different digest. The registry or a proxy is corrupting data; try again."
            );
        }
        try
        {
            return Manifest.Parse(
                bytes,
                response.Content.Headers.ContentType?.MediaType,
                $"{image.Registry}/{repository}:{reference}"
            );
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            throw new ModelSdkException(
                ErrorCodes.ImageNotFound,
                $"{image.Registry}/{repository}:{reference} is not an image manifest ({e.Message}). Use an OCI or Docker v2 image as base."
            );
        }
    }

    /// <summary>Downloads a blob to <paramref name="destination"/> through a temp file, verifying size and digest.</summary>
    public async Task DownloadAsync(Descriptor blob, string destination, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await DownloadOnceAsync(blob, destination, cancellationToken).ConfigureAwait(false);
                session.Options.Progress?.Report(
                    new BlobProgress(blob.Digest, blob.Size, BlobState.Downloaded, blob.Size)
                );
                return;
            }
            catch (Exception e)
                when (e is IOException or HttpRequestException or TransientFailure
                    && attempt < session.Options.Retry.MaxAttempts
                )
            {
                var delay = session.Options.Retry.DelayBefore(attempt + 1, null);
                session.Log.Verbose(
                    $"Downloading {BlobUploader.Short(blob)} failed ({e.Message}); retrying in {delay.TotalSeconds:0.##} s."
                );
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (TransientFailure e)
            {
                throw e.ToCoded(session.Registry, $"the download of {BlobUploader.Short(blob)}", attempt);
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new TransientFailure(e.Message, e).ToCoded(
                    session.Registry,
                    $"the download of {BlobUploader.Short(blob)}",
                    attempt
                );
            }
        }
    }

    private async Task DownloadOnceAsync(Descriptor blob, string destination, CancellationToken cancellationToken)
    {
        using var response = await OpenBlobAsync(blob, cancellationToken).ConfigureAwait(false);
        await SaveVerifiedAsync(response, blob, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GETs a blob up to its headers; a missing blob, a refusal or a retryable status ends here.</summary>
    private async Task<HttpResponseMessage> OpenBlobAsync(Descriptor blob, CancellationToken cancellationToken)
    {
        var url = await session
            .UrlAsync($"v2/{repository}/blobs/{blob.Digest}", cancellationToken)
            .ConfigureAwait(false);
        var response = await session
            .SendAsync(
                () => new HttpRequestMessage(HttpMethod.Get, url),
                Scopes,
                $"downloading {BlobUploader.Short(blob)}",
                cancellationToken,
                blob.Size,
                HttpCompletionOption.ResponseHeadersRead
            )
            .ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            return response;
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new ModelSdkException(
                    ErrorCodes.ImageNotFound,
                    $"{session.Registry}/{repository} lacks blob {blob.Digest} that its manifest names. The image is broken in the registry; push it again."
                );
            }
            if (RegistrySession.IsRetryable(response.StatusCode))
            {
                throw new TransientFailure($"{(int)response.StatusCode} {response.ReasonPhrase}", null);
            }
            throw await session
                .FailureAsync(response, $"downloading {blob.Digest}", cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>Streams the body into a temp sibling of the destination, then moves it there if size and digest match.</summary>
    private async Task SaveVerifiedAsync(
        HttpResponseMessage response,
        Descriptor blob,
        string destination,
        CancellationToken cancellationToken
    )
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(session.Options.TimeoutFor(blob.Size));
        var full = Path.GetFullPath(destination);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = AtomicFile.TempSiblingOf(full);
        try
        {
            var (total, digest) = await CopyHashingAsync(response, temp, blob, timeout.Token).ConfigureAwait(false);
            if (total != blob.Size || digest != blob.Digest)
            {
                throw new ModelSdkException(
                    ErrorCodes.BlobDigestMismatch,
                    $"Blob {blob.Digest} from {session.Registry}/{repository} arrived as {total} bytes with digest {digest}; expected {blob.Size} bytes. A proxy or the registry corrupted it; try again."
                );
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            TryDelete(temp);
            throw new TransientFailure("the download stalled", e, timedOut: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Copies the body to <paramref name="temp"/>, hashing as it goes and reporting progress every 4 MiB.</summary>
    private async Task<(long Total, string Digest)> CopyHashingAsync(
        HttpResponseMessage response,
        string temp,
        Descriptor blob,
        CancellationToken cancellationToken
    )
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        long reported = 0;
        await using var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var target = new FileStream(
            temp,
            FileMode.CreateNew,
            FileAccess.Write,
            FileShare.None,
            1,
            FileOptions.Asynchronous
        );
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            total += read;
            if (total - reported >= 4L << 20)
            {
                reported = total;
                session.Options.Progress?.Report(
                    new BlobProgress(blob.Digest, blob.Size, BlobState.Downloading, total)
                );
            }
        }
        return (total, "sha256:" + Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant());
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
