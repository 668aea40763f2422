using System.Text.Json.Nodes;
using ModelRuntime.Batching;
using ModelRuntime.Contract;
using ModelRuntime.OnnxRuntime;

namespace ModelRuntime.Serving;

/// <summary>One model of the contract: its session when it loaded, or the reason it did not.</summary>
public sealed class ServedModel : IDisposable
{
    public ServedModel(
        ModelEntry entry,
        InferenceSession? session,
        string? loadError,
        IReadOnlyList<string> labels,
        JsonObject parameters,
        Batcher? batcher
    )
    {
        Entry = entry;
        Session = session;
        LoadError = loadError;
        Labels = labels;
        Parameters = parameters;
        Batcher = batcher;
    }

    public ModelEntry Entry { get; }
    public string Name => Entry.Name;
    public InferenceSession? Session { get; }
    public string? LoadError { get; }
    public bool IsReady => Session is not null;
    public IReadOnlyList<string> Labels { get; }

    /// <summary>ModelParameters with the values in effect (environment, else default).</summary>
    public JsonObject Parameters { get; }
    public Batcher? Batcher { get; }

    public bool HasVersion(string version) => Entry.Versions.Count == 0 || Entry.Versions.Contains(version);

    public string Version => Entry.Versions.Count > 0 ? Entry.Versions[^1] : "1";

    /// <summary>The models[] entry of contract.json, plus the parameters in effect.</summary>
    public JsonObject Metadata()
    {
        var metadata = (JsonObject)Entry.Metadata.DeepClone();
        if (Parameters.Count > 0)
        {
            metadata["parameters"] = Parameters.DeepClone();
        }
        return metadata;
    }

    public void Dispose()
    {
        Batcher?.Dispose();
        Session?.Dispose();
    }
}
