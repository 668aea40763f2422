using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ModelSdk.Registry;

/// <summary>Reads a repository's tags (<c>/v2/NAME/tags/list</c>), following <c>Link: &lt;...&gt;; rel="next"</c> pages.</summary>
internal sealed class TagLister(RegistrySession session, string repository)
{
    private static readonly Regex NextLink = new(
        "<([^>]+)>\\s*;\\s*rel=\"?next\"?",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase
    );

    public async Task<IReadOnlyList<string>> ListAsync(int pageSize, CancellationToken cancellationToken)
    {
        var tags = new List<string>();
        var url = await session
            .UrlAsync($"v2/{repository}/tags/list?n={pageSize}", cancellationToken)
            .ConfigureAwait(false);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (seen.Add(url.AbsoluteUri))
        {
            var page = url;
            using var response = await session
                .SendAsync(
                    () => new HttpRequestMessage(HttpMethod.Get, page),
                    [$"repository:{repository}:pull"],
                    $"listing the tags of {repository}",
                    cancellationToken
                )
                .ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                // NAME_UNKNOWN: nothing was ever pushed to this repository.
                return tags;
            }
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw await session
                    .FailureAsync(response, $"listing the tags of {repository}", cancellationToken)
                    .ConfigureAwait(false);
            }
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.TryGetProperty("tags", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    tags.AddRange(list.EnumerateArray().Select(t => t.GetString()).OfType<string>());
                }
            }
            catch (JsonException)
            {
                throw new ModelSdkException(
                    ErrorCodes.RegistryRequestFailed,
                    $"{session.Registry} answered the tag list of {repository} with something that is not JSON. Check that ContainerRegistry names an OCI registry."
                );
            }
            var link = response.Headers.TryGetValues("Link", out var links)
                ? links.Select(l => NextLink.Match(l)).FirstOrDefault(m => m.Success)
                : null;
            if (link is null)
            {
                break;
            }
            url = new Uri(page, link.Groups[1].Value);
        }
        return tags;
    }
}
