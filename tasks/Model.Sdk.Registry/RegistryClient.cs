using System.Collections.Concurrent;

namespace ModelSdk.Registry;

/// <summary>
/// The OCI distribution client: the whole public API in one place.
/// <list type="bullet">
/// <item><see cref="PushAsync"/>: push an OCI image layout under tags (dotnet publish).</item>
/// <item><see cref="ResolveAsync"/> and <see cref="PullAsync"/>: resolve a base image for a platform and download its
/// blobs, verified, into a local cache (dotnet build with ContainerBaseImage).</item>
/// <item><see cref="ListTagsAsync"/> and <see cref="NextVersionAsync"/>: tags and ModelVersion=next.</item>
/// </list>
/// Every user-facing failure is a <see cref="ModelSdkException"/> with a MODEL02xx code. Secrets are read inside
/// (environment, docker config, credential helpers) and are masked in every message the client produces.
/// One instance keeps one connection and token cache per registry; dispose it when done.
/// </summary>
public sealed class RegistryClient : IDisposable
{
    private readonly RegistryOptions _options;
    private readonly CredentialResolver _credentials;
    private readonly IRegistryLog _log;
    private readonly ConcurrentDictionary<(string, RegistryRole), RegistrySession> _sessions = new();

    public RegistryClient(RegistryOptions? options = null)
    {
        _options = options ?? new RegistryOptions();
        _credentials = _options.Credentials ?? CredentialResolver.FromProcess(new SecretRedactor());
        _credentials.RefuseLoggedPasswords();
        _log = new RedactingLog(_options.Log, _credentials.Redactor);
    }

    /// <summary>Masks every secret this client has seen; use it on any text derived from client errors.</summary>
    public SecretRedactor Redactor => _credentials.Redactor;

    /// <summary>
    /// Pushes the image in <paramref name="layoutDirectory"/> to <paramref name="registry"/>/<paramref name="repository"/>
    /// with every tag in <paramref name="tags"/>. Blobs the registry has are skipped, others mounted or uploaded; the
    /// manifest is put under each tag only after every blob is confirmed.
    /// </summary>
    public Task<PushResult> PushAsync(
        string layoutDirectory,
        string registry,
        string repository,
        IReadOnlyList<string> tags,
        PushOptions? options = null,
        CancellationToken cancellationToken = default
    )
    {
        ImageReference.ValidateRegistry(registry);
        ImageReference.ValidateRepository(repository);
        var layout = OciImageLayout.Open(layoutDirectory);
        var session = Session(registry, RegistryRole.Push);
        return Guard(() =>
            new ImagePusher(session, repository, options ?? new PushOptions()).PushAsync(
                layout,
                tags,
                cancellationToken
            )
        );
    }

    /// <summary>Resolves a reference to an image manifest; from an index it picks <paramref name="platform"/> (default linux/amd64).</summary>
    public Task<ResolvedImage> ResolveAsync(
        ImageReference reference,
        Platform? platform = null,
        CancellationToken cancellationToken = default
    )
    {
        var session = Session(reference.Registry, RegistryRole.Pull);
        return Guard(() =>
            new ImagePuller(session, reference.Repository).ResolveAsync(
                reference,
                platform ?? Platform.LinuxAmd64,
                cancellationToken
            )
        );
    }

    /// <summary>Downloads one blob to <paramref name="destination"/> (temp file, digest check, rename).</summary>
    public Task DownloadBlobAsync(
        ImageReference reference,
        Descriptor blob,
        string destination,
        CancellationToken cancellationToken = default
    )
    {
        var session = Session(reference.Registry, RegistryRole.Pull);
        return Guard(async () =>
        {
            await new ImagePuller(session, reference.Repository)
                .DownloadAsync(blob, destination, cancellationToken)
                .ConfigureAwait(false);
            return true;
        });
    }

    /// <summary>
    /// Resolves <paramref name="reference"/> and makes sure its config and layers are in
    /// <paramref name="blobDirectory"/><c>/sha256/HEX</c>, downloading (in parallel, verified) only what is missing.
    /// The directory is a content-addressed cache and may be shared between builds.
    /// </summary>
    public async Task<PulledImage> PullAsync(
        ImageReference reference,
        string blobDirectory,
        Platform? platform = null,
        CancellationToken cancellationToken = default
    )
    {
        var image = await ResolveAsync(reference, platform, cancellationToken).ConfigureAwait(false);
        var pulled = new PulledImage(image, Path.GetFullPath(blobDirectory));
        var session = Session(reference.Registry, RegistryRole.Pull);
        var puller = new ImagePuller(session, reference.Repository);
        using var gate = new SemaphoreSlim(Math.Max(1, _options.MaxParallelTransfers));
        var blobs = image.Layers.Prepend(image.Config).DistinctBy(b => b.Digest);
        await Guard(async () =>
            {
                await Task.WhenAll(
                        blobs.Select(async blob =>
                        {
                            var path = pulled.BlobPath(blob.Digest);
                            // Cache entries are only ever written after verification, so the size is enough here.
                            if (File.Exists(path) && new FileInfo(path).Length == blob.Size)
                            {
                                _options.Progress?.Report(
                                    new BlobProgress(blob.Digest, blob.Size, BlobState.Downloaded, blob.Size, "cached")
                                );
                                return;
                            }
                            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                            try
                            {
                                await puller.DownloadAsync(blob, path, cancellationToken).ConfigureAwait(false);
                            }
                            finally
                            {
                                gate.Release();
                            }
                        })
                    )
                    .ConfigureAwait(false);
                return true;
            })
            .ConfigureAwait(false);
        return pulled;
    }

    /// <summary>Every tag of a repository (empty when the repository does not exist yet).</summary>
    public Task<IReadOnlyList<string>> ListTagsAsync(
        string registry,
        string repository,
        CancellationToken cancellationToken = default,
        int pageSize = 1000
    )
    {
        ImageReference.ValidateRegistry(registry);
        ImageReference.ValidateRepository(repository);
        var session = Session(registry, RegistryRole.Pull);
        return Guard(() => new TagLister(session, repository).ListAsync(pageSize, cancellationToken));
    }

    /// <summary>ModelVersion=next: the next patch after the repository's highest SemVer tag, or <paramref name="first"/>.</summary>
    public async Task<string> NextVersionAsync(
        string registry,
        string repository,
        string first = "1.0.0",
        CancellationToken cancellationToken = default
    )
    {
        var tags = await ListTagsAsync(registry, repository, cancellationToken).ConfigureAwait(false);
        return ModelVersions.NextPatch(tags, first);
    }

    /// <summary>The digest <paramref name="tag"/> points at in the registry, or null when it does not exist.</summary>
    public Task<string?> TagDigestAsync(
        string registry,
        string repository,
        string tag,
        CancellationToken cancellationToken = default
    )
    {
        var session = Session(registry, RegistryRole.Pull);
        return Guard(() =>
            ImagePusher.ManifestDigestAsync(
                session,
                repository,
                tag,
                [$"repository:{repository}:pull"],
                cancellationToken
            )
        );
    }

    public void Dispose()
    {
        foreach (var session in _sessions.Values)
        {
            session.Dispose();
        }
        _sessions.Clear();
    }

    private RegistrySession Session(string registry, RegistryRole role) =>
        _sessions.GetOrAdd(
            (registry, role),
            key => new RegistrySession(key.Item1, key.Item2, _options, _credentials, _log)
        );

    /// <summary>Masks secrets in coded errors on their way out.</summary>
    private async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (ModelSdkException e)
        {
            var message = Redactor.Redact(e.Message);
            if (message == e.Message)
            {
                throw;
            }
            throw new ModelSdkException(e.Code, message, e.File, e.Line);
        }
    }
}
