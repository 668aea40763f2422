using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using ModelSdk.Registry;

namespace ModelSdk.Tasks;

/// <summary>
/// Routes the registry client's (already redacted) messages to MSBuild: progress at high importance so it shows at
/// normal verbosity, protocol detail at low importance (diagnostic only).
/// </summary>
internal sealed class PublishRegistryLog(TaskLoggingHelper log) : IRegistryLog, IProgress<BlobProgress>
{
    private const double Mebibyte = 1024 * 1024;
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _tenths = new(StringComparer.Ordinal);

    public void Info(string message) => log.LogMessage(MessageImportance.High, message);

    public void Verbose(string message) => log.LogMessage(MessageImportance.Low, message);

    public void Warning(string code, string message) => log.LogWarning(null, code, null, null, 0, 0, 0, 0, message);

    public void Report(BlobProgress value)
    {
        var name = $"  {value.Digest[..19]} ({value.Size / Mebibyte:0.0} MiB)";
        switch (value.State)
        {
            case BlobState.Skipped:
                log.LogMessage(MessageImportance.High, $"{name}: already in the registry, skipped");
                break;
            case BlobState.Mounted:
                log.LogMessage(MessageImportance.High, $"{name}: mounted from {value.Detail}");
                break;
            case BlobState.Uploaded:
                log.LogMessage(MessageImportance.High, $"{name}: uploaded");
                break;
            case BlobState.Uploading when value.Size > 0:
                // One line per tenth of a blob, whatever the chunking: readable for a 1 GiB model.
                var tenth = (int)(value.BytesDone * 10 / value.Size);
                lock (_gate)
                {
                    if (_tenths.TryGetValue(value.Digest, out var last) && last >= tenth)
                    {
                        return;
                    }
                    _tenths[value.Digest] = tenth;
                }
                log.LogMessage(
                    MessageImportance.High,
                    $"{name}: sent {value.BytesDone / Mebibyte:0.0} of {value.Size / Mebibyte:0.0} MiB"
                );
                break;
        }
    }
}
