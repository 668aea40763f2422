using System.Collections.Concurrent;

namespace ModelSdk.Registry.Tests.Support;

/// <summary>Keeps every message the client logs, to assert on content and on the absence of secrets.</summary>
public sealed class ListLog : IRegistryLog
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public string All => string.Join("\n", Lines);

    public void Info(string message) => Lines.Enqueue("info: " + message);

    public void Verbose(string message) => Lines.Enqueue("verbose: " + message);

    public void Warning(string code, string message) => Lines.Enqueue($"warning {code}: {message}");
}

public sealed class ListProgress : IProgress<BlobProgress>
{
    public ConcurrentQueue<BlobProgress> Reports { get; } = new();

    public void Report(BlobProgress value) => Reports.Enqueue(value);

    public int Count(BlobState state) => Reports.Count(r => r.State == state);
}
