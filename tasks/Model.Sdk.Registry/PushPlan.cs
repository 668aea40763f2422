namespace ModelSdk.Registry;

/// <summary>
/// What a push will do, before anything is sent: the root manifest (an image or an index) and its child manifests,
/// the blobs they need, the version tags to check for overwrites, and the repositories blobs may be mounted from.
/// <see cref="WithRegistryState"/> adds which blobs the registry already has; the rest are <see cref="Missing"/>.
/// </summary>
internal sealed record PushPlan(
    Manifest Root,
    IReadOnlyList<Manifest> Children,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> TagsToCheck,
    IReadOnlyList<Descriptor> Blobs,
    IReadOnlyList<string> MountSources
)
{
    /// <summary>Artifact manifests about the images (SBOM, provenance), pushed after them; their blobs are in <see cref="Blobs"/>.</summary>
    public IReadOnlyList<Manifest> Referrers { get; init; } = [];

    /// <summary>Blobs the registry already has (empty until <see cref="WithRegistryState"/>).</summary>
    public IReadOnlyList<Descriptor> Present { get; init; } = [];

    /// <summary>Blobs to mount (from <see cref="MountSources"/>) or upload.</summary>
    public IEnumerable<Descriptor> Missing => Blobs.Where(b => !Present.Any(p => p.Digest == b.Digest));

    /// <summary>Reads the layout and checks it is complete; pure apart from reading files.</summary>
    public static PushPlan FromLayout(
        OciImageLayout layout,
        string registry,
        IReadOnlyList<string> tags,
        PushOptions options
    )
    {
        foreach (var tag in tags)
        {
            ImageReference.ValidateTag(tag);
        }
        var root = layout.ReadManifest(layout.Root);
        var children = root.IsIndex ? root.Manifests.Select(layout.ReadManifest).ToList() : [];
        IReadOnlyList<Manifest> images = root.IsIndex ? children : [root];
        var pushed = images.Select(m => m.Digest).Append(root.Digest).ToHashSet(StringComparer.Ordinal);
        var referrers = layout
            .Referrers.Select(layout.ReadManifest)
            .Where(r => r.Subject is { } subject && pushed.Contains(subject.Digest))
            .ToList();
        var blobs = images.Concat(referrers).SelectMany(m => m.Blobs).DistinctBy(b => b.Digest).ToList();
        foreach (var blob in blobs)
        {
            layout.RequireBlob(blob);
        }
        return new PushPlan(
            root,
            children,
            tags,
            options.AllowOverwrite ? [] : tags.Where(IsVersionTag).ToList(),
            blobs,
            MountSourcesOf(images, registry, options.MountFrom)
        )
        {
            Referrers = referrers,
        };
    }

    /// <summary>The plan with the blobs the registry reports having (HEAD, in parallel).</summary>
    public async Task<PushPlan> WithRegistryState(
        Func<Descriptor, CancellationToken, Task<bool>> exists,
        int parallel,
        CancellationToken cancellationToken
    )
    {
        using var gate = new SemaphoreSlim(Math.Max(1, parallel));
        var probes = Blobs.Select(async blob =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return (blob, Present: await exists(blob, cancellationToken).ConfigureAwait(false));
            }
            finally
            {
                gate.Release();
            }
        });
        var states = await Task.WhenAll(probes).ConfigureAwait(false);
        return this with { Present = states.Where(s => s.Present).Select(s => s.blob).ToList() };
    }

    /// <summary>Tags that look like versions (1.2.3, v2) are immutable unless overwrite is allowed.</summary>
    public static bool IsVersionTag(string tag) =>
        tag.Length > 0 && (char.IsDigit(tag[0]) || (tag.Length > 1 && tag[0] == 'v' && char.IsDigit(tag[1])));

    /// <summary>MountFrom, plus the repository of each image's base.name annotation when it is on the same registry.</summary>
    private static List<string> MountSourcesOf(
        IEnumerable<Manifest> images,
        string registry,
        IReadOnlyList<string> mountFrom
    )
    {
        var sources = new List<string>(mountFrom);
        foreach (var image in images)
        {
            if (image.Annotations.TryGetValue(Annotations.BaseName, out var baseName))
            {
                try
                {
                    var reference = ImageReference.Parse(baseName);
                    if (string.Equals(reference.Registry, registry, StringComparison.OrdinalIgnoreCase))
                    {
                        sources.Add(reference.Repository);
                    }
                }
                catch (ModelSdkException)
                {
                    // An unparsable annotation only costs the mount optimization.
                }
            }
        }
        return sources.Distinct(StringComparer.Ordinal).ToList();
    }
}
