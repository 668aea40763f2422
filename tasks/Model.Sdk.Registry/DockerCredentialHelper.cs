using System.Diagnostics;
using System.Text.Json;

namespace ModelSdk.Registry;

/// <summary>Runs a docker credential helper (<c>docker-credential-NAME get</c>, server URL on stdin, JSON on stdout).</summary>
internal sealed class DockerCredentialHelper(string name, Func<string, string?> environment, SecretRedactor redactor)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public string ProgramName { get; } = "docker-credential-" + name;

    /// <summary>The stored credential, or null when the helper has none for this server.</summary>
    public RegistryCredential? Get(string serverUrl)
    {
        var program =
            FindOnPath()
            ?? throw Failed($"'{ProgramName}' was not found on PATH. Install it, or remove it from the docker config.");
        var start = new ProcessStartInfo(program, "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw Failed($"'{program}' could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(serverUrl);
        process.StandardInput.Close();
        if (!process.WaitForExit(Timeout))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException) { }
            throw Failed(
                $"'{ProgramName} get' did not finish within {Timeout.TotalSeconds:0} seconds (is it waiting for a password prompt?)."
            );
        }
        var output = stdout.GetAwaiter().GetResult();
        var error = stderr.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            var said = (output + " " + error).Trim();
            if (said.Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            throw Failed($"'{ProgramName} get' failed with exit code {process.ExitCode}: {redactor.Redact(said)}");
        }
        return Parse(output);
    }

    private RegistryCredential? Parse(string output)
    {
        string? user;
        string? secret;
        try
        {
            using var document = JsonDocument.Parse(output);
            var root = document.RootElement;
            user = root.TryGetProperty("Username", out var u) ? u.GetString() : null;
            secret = root.TryGetProperty("Secret", out var s) ? s.GetString() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw Failed($"'{ProgramName} get' did not print the expected JSON object with Username and Secret.");
        }
        redactor.Add(secret);
        if (string.IsNullOrEmpty(secret))
        {
            return null;
        }
        var source = $"credential helper {ProgramName}";
        // By the helper convention, the user name "<token>" marks an OAuth2 identity (refresh) token.
        return user == "<token>"
            ? new RegistryCredential(null, null, secret, source)
            : new RegistryCredential(user, secret, null, source);
    }

    private string? FindOnPath()
    {
        var path = environment("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in new[] { ProgramName, ProgramName + ".exe" })
            {
                var full = Path.Combine(dir, candidate);
                if (File.Exists(full))
                {
                    return full;
                }
            }
        }
        return null;
    }

    private static ModelSdkException Failed(string message) =>
        new(
            ErrorCodes.CredentialHelperFailed,
            message + " Alternatively set MODELSDK_REGISTRY_USER and MODELSDK_REGISTRY_PASSWORD."
        );
}
