using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ModelSdk.Registry.Tests.Support;

/// <summary>
/// A tiny bearer-token service for the registry's token auth: checks Basic credentials, then issues an RS256 JWT
/// whose x5c header carries a self-signed test certificate that the registry trusts (rootcertbundle).
/// It can hand out already-expired tokens first, to exercise refresh.
/// </summary>
public sealed class TokenServer : IDisposable
{
    public const string Service = "model-sdk-test-registry";
    public const string Issuer = "model-sdk-test-issuer";

    private readonly TempDirectory _dir = new();
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly LoopbackHost _host;
    private int _expiredToIssue;

    public TokenServer(string user, string password)
    {
        User = user;
        Password = password;
        var request = new CertificateRequest(
            "CN=model-sdk test token issuer",
            _key,
            HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1
        );
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        CertificatePath = _dir.Combine("root.pem");
        File.WriteAllText(CertificatePath, _certificate.ExportCertificatePem());
        _host = new LoopbackHost(HandleAsync);
    }

    public string User { get; }

    public string Password { get; }

    public string Realm => $"http://{_host.Address}/token";

    public string CertificatePath { get; }

    /// <summary>The registry's <c>auth:</c> block that trusts this server's tokens.</summary>
    public string AuthYaml =>
        $"""
            auth:
              token:
                realm: {Realm}
                service: {Service}
                issuer: {Issuer}
                rootcertbundle: {CertificatePath}
            """;

    public int TokensIssued;

    public int Refusals;

    /// <summary>The next <paramref name="count"/> tokens are already expired when issued.</summary>
    public void IssueExpired(int count) => _expiredToIssue = count;

    public void Dispose()
    {
        _host.Dispose();
        _certificate.Dispose();
        _key.Dispose();
        _dir.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        if (header != expected)
        {
            Interlocked.Increment(ref Refusals);
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("""{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}""");
            return;
        }
        var scopes = context.Request.Query["scope"].Where(s => s is not null).Select(s => s!).ToList();
        var expired = Interlocked.Decrement(ref _expiredToIssue) >= 0;
        var token = Issue(scopes, expired);
        Interlocked.Increment(ref TokensIssued);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { token, expires_in = 300 }));
    }

    private string Issue(IEnumerable<string> scopes, bool expired)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var access = scopes
            .Select(scope => scope.Split(':'))
            .Where(parts => parts.Length == 3)
            .Select(parts => new
            {
                type = parts[0],
                name = parts[1],
                actions = parts[2].Split(','),
            })
            .ToArray();
        var header = new
        {
            typ = "JWT",
            alg = "RS256",
            x5c = new[] { Convert.ToBase64String(_certificate.RawData) },
        };
        // The registry allows 60 s of clock skew, so "expired" must be well in the past.
        var claims = new
        {
            iss = Issuer,
            sub = User,
            aud = Service,
            exp = expired ? now - 3600 : now + 300,
            nbf = now - 7200,
            iat = now - 7200,
            jti = Guid.NewGuid().ToString("N"),
            access,
        };
        var signingInput =
            Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))
            + "."
            + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(
            Encoding.ASCII.GetBytes(signingInput),
            HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1
        );
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
