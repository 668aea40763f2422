namespace ModelSdk.Registry;

/// <summary>Where the registry client reports what it does. Messages reach it already redacted.</summary>
public interface IRegistryLog
{
    /// <summary>Progress the user should see at normal verbosity (per layer: sent, skipped, mounted).</summary>
    void Info(string message);

    /// <summary>Protocol detail for diagnostic verbosity (requests, retries, auth scheme).</summary>
    void Verbose(string message);

    void Warning(string code, string message);
}

/// <summary>A log that drops everything, for callers that do not care.</summary>
public sealed class NullRegistryLog : IRegistryLog
{
    public static readonly NullRegistryLog Instance = new();

    public void Info(string message) { }

    public void Verbose(string message) { }

    public void Warning(string code, string message) { }
}
