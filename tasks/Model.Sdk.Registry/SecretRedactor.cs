namespace ModelSdk.Registry;

/// <summary>
/// Remembers every secret the client has handled (passwords, identity tokens, bearer tokens) and blanks them out
/// of any text before it reaches a log or an exception message. Defense in depth: nothing logs secrets on purpose.
/// </summary>
public sealed class SecretRedactor
{
    private const string Mask = "***";
    private readonly object _gate = new();
    private string[] _secrets = [];

    public void Add(string? secret)
    {
        // Very short values would blank out ordinary words; real passwords and tokens are longer.
        if (string.IsNullOrEmpty(secret) || secret.Length < 4)
        {
            return;
        }
        lock (_gate)
        {
            if (Array.IndexOf(_secrets, secret) < 0)
            {
                // Longest first, so a secret that contains another is masked whole.
                _secrets = [.. _secrets.Append(secret).OrderByDescending(s => s.Length)];
            }
        }
    }

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }
        return text;
    }
}

/// <summary>Passes messages on after <see cref="SecretRedactor.Redact"/>.</summary>
internal sealed class RedactingLog(IRegistryLog inner, SecretRedactor redactor) : IRegistryLog
{
    public void Info(string message) => inner.Info(redactor.Redact(message));

    public void Verbose(string message) => inner.Verbose(redactor.Redact(message));

    public void Warning(string code, string message) => inner.Warning(code, redactor.Redact(message));
}
