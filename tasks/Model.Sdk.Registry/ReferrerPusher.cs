using System.Net;
using System.Text.Json;

namespace ModelSdk.Registry;

/// <summary>
/// Pushes artifact manifests whose subject is an image (SBOM, provenance) as the OCI distribution spec 1.1 says: each
/// is PUT by digest; a registry with the referrers API answers with an OCI-Subject header and indexes it itself.
/// Otherwise the referrers tag schema applies: the tag <c>sha256-&lt;hex of the subject&gt;</c> holds an image
/// index listing the subject's referrers; it is read, the new descriptors are merged into it (existing entries are
/// kept) and it is PUT back only when it changed, so a re-push writes nothing.
/// </summary>
internal sealed class ReferrerPusher(RegistrySession session, string repository, ImagePusher pusher)
{
    public async Task PushAsync(
        IReadOnlyList<Manifest> referrers,
        IReadOnlyList<string> scopes,
        CancellationToken cancellationToken
    )
    {
        var fallback = new List<Manifest>();
        foreach (var referrer in referrers)
        {
            var indexed = await pusher
                .PutManifestAsync(referrer, referrer.Digest, scopes, cancellationToken)
                .ConfigureAwait(false);
            if (!indexed)
            {
                fallback.Add(referrer);
            }
        }
        foreach (var group in fallback.GroupBy(r => r.Subject!.Digest, StringComparer.Ordinal))
        {
            await UpdateTagAsync(group.Key, group.ToList(), scopes, cancellationToken).ConfigureAwait(false);
        }
        foreach (var referrer in referrers)
        {
            session.Log.Info(
                $"Pushed {referrer.ArtifactType} {session.Registry}/{repository}@{referrer.Digest} about {referrer.Subject!.Digest}"
            );
        }
    }

    /// <summary>The referrers tag of a subject digest: its algorithm, a dash, its hex (at most 128 characters).</summary>
    public static string TagOf(string subjectDigest)
    {
        var tag = subjectDigest.Replace(':', '-');
        return tag.Length > 128 ? tag[..128] : tag;
    }

    /// <summary>An index descriptor for a referrer: media type, artifactType, digest, size and its annotations.</summary>
    public static Descriptor DescriptorOf(Manifest referrer) =>
        referrer.ToDescriptor() with
        {
            ArtifactType = referrer.ArtifactType ?? referrer.Config?.MediaType,
            Annotations = referrer.Annotations.Count > 0 ? referrer.Annotations : null,
        };

    private async Task UpdateTagAsync(
        string subjectDigest,
        IReadOnlyList<Manifest> referrers,
        IReadOnlyList<string> scopes,
        CancellationToken cancellationToken
    )
    {
        var tag = TagOf(subjectDigest);
        var existing = await ReadTagAsync(tag, scopes, cancellationToken).ConfigureAwait(false);
        var entries = existing.ToList();
        foreach (var referrer in referrers.Where(r => entries.All(e => e.Digest != r.Digest)))
        {
            entries.Add(DescriptorOf(referrer));
        }
        if (entries.Count == existing.Count)
        {
            return;
        }
        var bytes = OciJson.Bytes(Documents.Index(entries));
        var index = Manifest.Parse(bytes, MediaTypes.OciIndex, $"referrers tag {tag}");
        await pusher.PutManifestAsync(index, tag, scopes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The descriptors the referrers tag lists now; none when the tag does not exist.</summary>
    private async Task<IReadOnlyList<Descriptor>> ReadTagAsync(
        string tag,
        IReadOnlyList<string> scopes,
        CancellationToken cancellationToken
    )
    {
        using var response = await session
            .SendManifestRequestAsync(HttpMethod.Get, repository, tag, scopes, $"reading {tag}", cancellationToken)
            .ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw await session
                .FailureAsync(response, $"reading the referrers tag {repository}:{tag}", cancellationToken)
                .ConfigureAwait(false);
        }
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var manifest = Manifest.Parse(bytes, response.Content.Headers.ContentType?.MediaType, tag);
            return manifest.IsIndex ? manifest.Manifests : throw new FormatException("it is not an image index");
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new ModelSdkException(
                ErrorCodes.ReferrersTagInvalid,
                $"{session.Registry}/{repository}:{tag} is the referrers tag of {tag.Replace('-', ':')} but does not hold an image index ({e.Message}). Delete that tag (it is only an index of the image's SBOM and provenance) and publish again."
            );
        }
    }
}
