using System.Text;
using System.Text.Json;

namespace ModelSdk.Registry;

/// <summary>
/// Finds registry credentials, in this order:
/// 1. the environment variables <c>MODELSDK_REGISTRY_USER</c>/<c>MODELSDK_REGISTRY_PASSWORD</c>;
/// 2. the docker config (<c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>): <c>credHelpers</c> for
///    the registry, then <c>credsStore</c>, then <c>auths</c> (base64 <c>user:password</c> or <c>identitytoken</c>).
/// Helpers are run as <c>docker-credential-NAME get</c> with the server URL on stdin.
/// The .NET SDK's <c>DOTNET_CONTAINER_*REGISTRY_PWORD</c> variables are refused (<see cref="RefuseLoggedPasswords"/>):
/// MSBuild writes every DOTNET_* variable into diagnostic logs and binary logs, so no secret there stays secret.
/// Every secret read is registered with the redactor before anything else sees it.
/// </summary>
public sealed class CredentialResolver
{
    /// <summary>The .NET SDK's names; MSBuild logs them at diagnostic verbosity and in binary logs, so they are refused.</summary>
    public const string UserVariable = "DOTNET_CONTAINER_REGISTRY_UNAME";
    public const string PasswordVariable = "DOTNET_CONTAINER_REGISTRY_PWORD";

    public static readonly IReadOnlyList<string> LoggedPasswordVariables =
    [
        PasswordVariable,
        "DOTNET_CONTAINER_PUSH_REGISTRY_PWORD",
        "DOTNET_CONTAINER_PULL_REGISTRY_PWORD",
    ];

    /// <summary>Unlike DOTNET_* variables, MSBuild does not copy these into logs.</summary>
    public const string SafeUserVariable = "MODELSDK_REGISTRY_USER";
    public const string SafePasswordVariable = "MODELSDK_REGISTRY_PASSWORD";
    private const string DockerHubServerUrl = "https://index.docker.io/v1/";

    private readonly Func<string, string?> _environment;
    private readonly SecretRedactor _redactor;

    public CredentialResolver(Func<string, string?> environment, SecretRedactor redactor)
    {
        _environment = environment;
        _redactor = redactor;
    }

    public static CredentialResolver FromProcess(SecretRedactor redactor) =>
        new(Environment.GetEnvironmentVariable, redactor);

    public SecretRedactor Redactor => _redactor;

    /// <summary>Fails with MODEL0220 when a DOTNET_CONTAINER_*REGISTRY_PWORD variable is set (its value is never shown).</summary>
    public void RefuseLoggedPasswords()
    {
        var set = LoggedPasswordVariables.Where(name => !string.IsNullOrEmpty(_environment(name))).ToList();
        foreach (var name in set)
        {
            _redactor.Add(_environment(name));
        }
        if (set.Count > 0)
        {
            throw new ModelSdkException(
                ErrorCodes.RegistryPasswordInDotnetVariable,
                $"{string.Join(" and ", set)} is set, but MSBuild writes every DOTNET_* environment variable into diagnostic console output (-v:diag) and binary logs (-bl), so a password there is not secret. Unset it and set {SafeUserVariable}/{SafePasswordVariable} instead (MSBuild does not log them), or run 'docker login'."
            );
        }
    }

    public CredentialLookup Resolve(string registry, RegistryRole role)
    {
        var tried = new List<string>();
        var user = _environment(SafeUserVariable);
        var password = _environment(SafePasswordVariable);
        _redactor.Add(password);
        if (!string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(password))
        {
            var source = $"environment variables {SafeUserVariable}/{SafePasswordVariable}";
            tried.Add(source);
            return new CredentialLookup(new RegistryCredential(user, password, null, source), tried);
        }
        tried.Add($"environment variables {SafeUserVariable}/{SafePasswordVariable} (not set)");

        var configPath = DockerConfigPath();
        if (configPath is null || !File.Exists(configPath))
        {
            tried.Add($"docker config {configPath ?? "~/.docker/config.json"} (no such file)");
            return new CredentialLookup(null, tried);
        }
        var credential = FromDockerConfig(configPath, registry, tried);
        return new CredentialLookup(credential, tried);
    }

    private string? DockerConfigPath()
    {
        var dockerConfig = _environment("DOCKER_CONFIG");
        if (!string.IsNullOrEmpty(dockerConfig))
        {
            return Path.Combine(dockerConfig, "config.json");
        }
        var home = _environment("HOME") ?? _environment("USERPROFILE");
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".docker", "config.json");
    }

    private RegistryCredential? FromDockerConfig(string configPath, string registry, List<string> tried)
    {
        var root = ReadDockerConfig(configPath);
        var serverUrl = registry == ImageReference.DockerHub ? DockerHubServerUrl : registry;

        if (
            root.TryGetProperty("credHelpers", out var helpers)
            && helpers.ValueKind == JsonValueKind.Object
            && FindEntry(helpers, registry) is { ValueKind: JsonValueKind.String } helperName
        )
        {
            var helper = new DockerCredentialHelper(helperName.GetString()!, _environment, _redactor);
            tried.Add($"credential helper {helper.ProgramName} (credHelpers in {configPath})");
            return helper.Get(serverUrl);
        }

        if (
            root.TryGetProperty("credsStore", out var store)
            && store.ValueKind == JsonValueKind.String
            && store.GetString() is { Length: > 0 } storeName
        )
        {
            var helper = new DockerCredentialHelper(storeName, _environment, _redactor);
            tried.Add($"credential helper {helper.ProgramName} (credsStore in {configPath})");
            if (helper.Get(serverUrl) is { } stored)
            {
                return stored;
            }
        }

        if (
            root.TryGetProperty("auths", out var auths)
            && auths.ValueKind == JsonValueKind.Object
            && FindEntry(auths, registry) is { ValueKind: JsonValueKind.Object } entry
        )
        {
            var source = $"auths in {configPath}";
            tried.Add(source);
            return FromAuthEntry(entry, source, configPath);
        }
        tried.Add($"docker config {configPath} (no entry for {registry})");
        return null;
    }

    /// <summary>The config's root object; MODEL0215 (with the line) when it is not valid JSON or not an object.</summary>
    private static JsonElement ReadDockerConfig(string configPath)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(configPath));
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ModelSdkException(
                ErrorCodes.DockerConfigInvalid,
                $"The docker config is not valid JSON ({e.Message}). Fix or remove it, or set {SafeUserVariable}/{SafePasswordVariable}.",
                configPath,
                (int)(e.LineNumber ?? -1) + 1
            );
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ModelSdkException(
                ErrorCodes.DockerConfigInvalid,
                "The docker config must be a JSON object. Fix or remove it.",
                configPath
            );
        }
        return root;
    }

    private RegistryCredential? FromAuthEntry(JsonElement entry, string source, string configPath)
    {
        if (entry.TryGetProperty("identitytoken", out var identity) && identity.GetString() is { Length: > 0 } token)
        {
            _redactor.Add(token);
            return new RegistryCredential(null, null, token, source);
        }
        if (entry.TryGetProperty("auth", out var auth) && auth.GetString() is { Length: > 0 } encoded)
        {
            _redactor.Add(encoded);
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException)
            {
                throw new ModelSdkException(
                    ErrorCodes.DockerConfigInvalid,
                    "An 'auth' value in the docker config is not base64 of 'user:password'. Run 'docker login' again or fix the entry.",
                    configPath
                );
            }
            var colon = decoded.IndexOf(':');
            if (colon <= 0)
            {
                throw new ModelSdkException(
                    ErrorCodes.DockerConfigInvalid,
                    "An 'auth' value in the docker config does not decode to 'user:password'. Run 'docker login' again or fix the entry.",
                    configPath
                );
            }
            var password = decoded[(colon + 1)..];
            _redactor.Add(password);
            return new RegistryCredential(decoded[..colon], password, null, source);
        }
        if (
            entry.TryGetProperty("username", out var user)
            && entry.TryGetProperty("password", out var pass)
            && user.GetString() is { Length: > 0 } userName
            && pass.GetString() is { Length: > 0 } password2
        )
        {
            _redactor.Add(password2);
            return new RegistryCredential(userName, password2, null, source);
        }
        return null;
    }

    /// <summary>Docker config keys may carry a scheme and path ("https://index.docker.io/v1/"); compare hosts.</summary>
    private static JsonElement? FindEntry(JsonElement map, string registry)
    {
        foreach (var property in map.EnumerateObject())
        {
            if (string.Equals(NormalizeKey(property.Name), registry, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }
        return null;
    }

    private static string NormalizeKey(string key)
    {
        var host = key;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }
        var slash = host.IndexOf('/');
        if (slash >= 0)
        {
            host = host[..slash];
        }
        return host is "index.docker.io" or "registry-1.docker.io" ? ImageReference.DockerHub : host;
    }
}
