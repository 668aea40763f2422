using System.Net;
using System.Net.Http.Headers;

namespace ModelSdk.Registry;

/// <summary>
/// Pushes an OCI image layout: checks the tags first (so a published version is never overwritten by accident), sends
/// the blobs with bounded parallelism, and only when every blob is confirmed puts the manifest under each tag.
/// </summary>
internal sealed class ImagePusher(RegistrySession session, string repository, PushOptions options)
{
    public async Task<PushResult> PushAsync(
        OciImageLayout layout,
        IReadOnlyList<string> tags,
        CancellationToken cancellationToken
    )
    {
        var plan = PushPlan.FromLayout(layout, session.Registry, tags, options);
        var root = plan.Root;
        var scopes = new[] { $"repository:{repository}:pull,push" };
        foreach (var tag in plan.TagsToCheck)
        {
            await CheckTagAsync(tag, root.Digest, scopes, cancellationToken).ConfigureAwait(false);
        }
        var uploader = new BlobUploader(session, repository, plan.MountSources);
        plan = await plan.WithRegistryState(
                uploader.ExistsAsync,
                session.Options.MaxParallelTransfers,
                cancellationToken
            )
            .ConfigureAwait(false);
        var states = await ExecuteAsync(plan, uploader, layout, cancellationToken).ConfigureAwait(false);

        foreach (var child in plan.Children)
        {
            await PutManifestAsync(child, child.Digest, scopes, cancellationToken).ConfigureAwait(false);
        }
        if (tags.Count == 0)
        {
            await PutManifestAsync(root, root.Digest, scopes, cancellationToken).ConfigureAwait(false);
        }
        foreach (var tag in tags)
        {
            await PutManifestAsync(root, tag, scopes, cancellationToken).ConfigureAwait(false);
            session.Log.Info($"Pushed {session.Registry}/{repository}:{tag}@{root.Digest}");
        }
        await new ReferrerPusher(session, repository, this)
            .PushAsync(plan.Referrers, scopes, cancellationToken)
            .ConfigureAwait(false);
        return new PushResult(
            root.Digest,
            tags,
            states.Count(s => s.State == BlobState.Uploaded),
            states.Count(s => s.State == BlobState.Skipped),
            states.Count(s => s.State == BlobState.Mounted),
            states.Where(s => s.State == BlobState.Uploaded).Sum(s => s.Blob.Size)
        );
    }

    /// <summary>Present blobs are reported skipped; missing ones are mounted or uploaded.</summary>
    private async Task<List<(Descriptor Blob, BlobState State)>> ExecuteAsync(
        PushPlan plan,
        BlobUploader uploader,
        OciImageLayout layout,
        CancellationToken cancellationToken
    )
    {
        var states = plan.Present.Select(blob => (blob, uploader.Skipped(blob))).ToList();
        states.AddRange(
            await UploadAllAsync(uploader, layout, plan.Missing.ToList(), cancellationToken).ConfigureAwait(false)
        );
        return states;
    }

    /// <summary>Tags that look like versions (1.2.3, v2) are immutable unless overwrite is allowed.</summary>
    public static bool IsVersionTag(string tag) => PushPlan.IsVersionTag(tag);

    private async Task CheckTagAsync(
        string tag,
        string digest,
        IReadOnlyList<string> scopes,
        CancellationToken cancellationToken
    )
    {
        var existing = await ManifestDigestAsync(session, repository, tag, scopes, cancellationToken)
            .ConfigureAwait(false);
        if (existing is not null && existing != digest)
        {
            throw new ModelSdkException(
                ErrorCodes.VersionAlreadyPublished,
                $"{session.Registry}/{repository}:{tag} is already published with digest {existing}, and this image is {digest}. Published versions are immutable: raise Version (or use ModelVersion=next); to replace it anyway set ContainerAllowOverwrite=true."
            );
        }
    }

    /// <summary>The digest a tag points at, or null when the tag (or the repository) does not exist.</summary>
    public static async Task<string?> ManifestDigestAsync(
        RegistrySession session,
        string repository,
        string reference,
        IReadOnlyList<string> scopes,
        CancellationToken cancellationToken
    )
    {
        using var response = await session
            .SendManifestRequestAsync(
                HttpMethod.Head,
                repository,
                reference,
                scopes,
                $"looking up tag {reference}",
                cancellationToken
            )
            .ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await session
                .FailureAsync(response, $"looking up {repository}:{reference}", cancellationToken)
                .ConfigureAwait(false);
        }
        return response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
    }

    private async Task<List<(Descriptor Blob, BlobState State)>> UploadAllAsync(
        BlobUploader uploader,
        OciImageLayout layout,
        IReadOnlyList<Descriptor> blobs,
        CancellationToken cancellationToken
    )
    {
        using var gate = new SemaphoreSlim(Math.Max(1, session.Options.MaxParallelTransfers));
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Largest first, so the long upload starts early and small blobs fill the other slots.
        var tasks = blobs
            .OrderByDescending(b => b.Size)
            .Select(async blob =>
            {
                await gate.WaitAsync(failed.Token).ConfigureAwait(false);
                try
                {
                    return (
                        blob,
                        await uploader.PutAsync(blob, layout.BlobPath(blob.Digest), failed.Token).ConfigureAwait(false)
                    );
                }
                catch
                {
                    failed.Cancel();
                    throw;
                }
                finally
                {
                    gate.Release();
                }
            })
            .ToList();
        try
        {
            return [.. await Task.WhenAll(tasks).ConfigureAwait(false)];
        }
        catch
        {
            // Report the real failure, not the cancellations it caused in sibling uploads.
            var first = tasks
                .Where(t => t.IsFaulted)
                .Select(t => t.Exception!.InnerException!)
                .FirstOrDefault(e => e is not OperationCanceledException);
            if (first is not null && !cancellationToken.IsCancellationRequested)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            }
            throw;
        }
    }

    /// <summary>PUTs a manifest; true when the registry answered with OCI-Subject (it has the referrers API).</summary>
    internal async Task<bool> PutManifestAsync(
        Manifest manifest,
        string reference,
        IReadOnlyList<string> scopes,
        CancellationToken cancellationToken
    )
    {
        var url = await session
            .UrlAsync($"v2/{repository}/manifests/{reference}", cancellationToken)
            .ConfigureAwait(false);
        using var response = await session
            .SendAsync(
                () =>
                {
                    var content = new ByteArrayContent(manifest.Bytes);
                    content.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
                    return new HttpRequestMessage(HttpMethod.Put, url) { Content = content };
                },
                scopes,
                $"pushing the manifest as {reference}",
                cancellationToken
            )
            .ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.Accepted)
        {
            if (
                response.Headers.TryGetValues("Docker-Content-Digest", out var values)
                && values.FirstOrDefault() is { } digest
                && digest != manifest.Digest
            )
            {
                throw new ModelSdkException(
                    ErrorCodes.ManifestRejected,
                    $"{session.Registry} stored the manifest under digest {digest} instead of {manifest.Digest}: it rewrote the manifest. Use a registry that stores OCI manifests unchanged."
                );
            }
            return response.Headers.Contains("OCI-Subject");
        }
        if (
            response.StatusCode
            is HttpStatusCode.BadRequest
                or HttpStatusCode.NotFound
                or HttpStatusCode.UnsupportedMediaType
        )
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new ModelSdkException(
                ErrorCodes.ManifestRejected,
                $"{session.Registry} rejected the manifest for {repository}:{reference} ({(int)response.StatusCode}): {RegistryErrors.MessageOf(body)}. "
                    + "If it names an unknown blob, publish again; if it names the media type, the registry does not support OCI images (use a registry that does)."
            );
        }
        throw await session
            .FailureAsync(response, $"pushing the manifest for {repository}:{reference}", cancellationToken)
            .ConfigureAwait(false);
    }
}
