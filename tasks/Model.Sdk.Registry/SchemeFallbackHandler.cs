namespace ModelSdk.Registry;

/// <summary>
/// For an insecure registry (loopback or ContainerInsecureRegistries): HTTPS first, and when the HTTPS connection
/// cannot be made, plain HTTP for this request and every later one (like docker, and like the .NET SDK's
/// FallbackToHttpMessageHandler). Secure registries pass through untouched.
/// </summary>
internal sealed class SchemeFallbackHandler(string registry, bool insecure, IRegistryLog log, HttpMessageHandler inner)
    : DelegatingHandler(inner)
{
    private volatile bool _plainHttp;

    /// <summary>True once the registry answered only over plain HTTP.</summary>
    public bool UsesPlainHttp => _plainHttp;

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        if (!insecure || request.RequestUri is not { Scheme: "https" } uri)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        if (!_plainHttp)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
            {
                _plainHttp = true;
                log.Verbose(
                    $"{registry} did not answer HTTPS ({e.Message}); using plain HTTP because it is an insecure registry."
                );
            }
        }
        request.RequestUri = new UriBuilder(uri) { Scheme = Uri.UriSchemeHttp, Port = uri.Port }.Uri;
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
