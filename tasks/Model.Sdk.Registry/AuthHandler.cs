using System.Net;

namespace ModelSdk.Registry;

/// <summary>
/// Attaches the Authorization header (Basic or a bearer token for the request's scopes) and, when the registry
/// answers 401 with a challenge, authenticates once more and sends a fresh copy of the request. A second 401 after
/// fresh credentials means the credentials themselves are refused (MODEL coded by the authenticator). Requests
/// without scopes (the API ping) pass through untouched.
/// </summary>
internal sealed class AuthHandler(RegistryAuthenticator auth, IRegistryLog log, HttpMessageHandler inner)
    : DelegatingHandler(inner)
{
    // Token requests go below this handler, so they are neither authenticated nor challenged again.
    private readonly HttpMessageInvoker _tokenClient = new(inner, disposeHandler: false);

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        if (!request.Options.TryGetValue(RegistryRequest.Scopes, out var scopes))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        var what = RegistryRequest.WhatOf(request);
        var current = request;
        var refreshed = false;
        while (true)
        {
            var header = await auth.HeaderAsync(_tokenClient, scopes, refreshed, cancellationToken)
                .ConfigureAwait(false);
            current.Headers.Authorization = header;
            var response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized || !RegistryRequest.CanReplay(request))
            {
                return response;
            }
            var challenge = AuthChallenge.FromResponse(response);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            response.Dispose();
            if (
                refreshed
                || challenge is null
                || (challenge.IsBasic && header?.Scheme == "Basic")
                || (challenge.IsBasic && !auth.HasCredential)
            )
            {
                throw auth.Unauthorized(what, RegistryErrors.MessageOf(body));
            }
            auth.OnChallenge(challenge);
            refreshed = true;
            log.Verbose($"{what}: the registry asked for {challenge.Scheme} authentication; authenticating.");
            current = RegistryRequest.Replay(request);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _tokenClient.Dispose();
        }
        base.Dispose(disposing);
    }
}
