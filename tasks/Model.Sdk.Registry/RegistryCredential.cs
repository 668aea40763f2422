namespace ModelSdk.Registry;

/// <summary>
/// A credential for one registry. <see cref="IdentityToken"/> is an OAuth2 refresh token (docker login with a token
/// service); otherwise <see cref="Username"/>/<see cref="Password"/> are used for Basic auth or to get a bearer token.
/// <see cref="Source"/> says where it came from, for error messages; it never contains the secret.
/// </summary>
public sealed record RegistryCredential(string? Username, string? Password, string? IdentityToken, string Source)
{
    public override string ToString() => $"credential for '{Username}' from {Source}";
}

/// <summary>The credential found for a registry (or null) and every source that was consulted, in order.</summary>
public sealed record CredentialLookup(RegistryCredential? Credential, IReadOnlyList<string> SourcesTried);

/// <summary>Whether a credential is wanted to push or to pull (the .NET SDK has separate variables for each).</summary>
public enum RegistryRole
{
    Push,
    Pull,
}
