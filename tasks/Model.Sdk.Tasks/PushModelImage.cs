using Microsoft.Build.Framework;
using ModelSdk.Registry;

namespace ModelSdk.Tasks;

/// <summary>
/// dotnet publish: pushes the OCI image layout written by dotnet build to ContainerRegistry/ContainerRepository under
/// every tag, and writes the pushed digest to <see cref="DigestFile"/>. Credentials are never task parameters: the
/// registry client reads them from the environment and the docker config inside this process.
/// </summary>
public sealed class PushModelImage : ModelSdkTask, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    [Required]
    public string ImageDirectory { get; set; } = "";

    [Required]
    public string Registry { get; set; } = "";

    [Required]
    public string Repository { get; set; } = "";

    public string[] Tags { get; set; } = [];

    /// <summary>Registries that may use plain HTTP or untrusted certificates (loopback always may).</summary>
    public string[] InsecureRegistries { get; set; } = [];

    /// <summary>Other repositories of the same registry to mount blobs from (the base image's is found automatically).</summary>
    public string[] MountFrom { get; set; } = [];

    public bool AllowOverwrite { get; set; }

    public bool ChunkedUpload { get; set; }

    public int MaxParallelUploads { get; set; } = 3;

    /// <summary>Written (atomically) with the manifest digest, for CI steps to read.</summary>
    public string? DigestFile { get; set; }

    [Output]
    public string Digest { get; private set; } = "";

    /// <summary>registry/repository@digest: the immutable reference of what was pushed.</summary>
    [Output]
    public string PushedReference { get; private set; } = "";

    public void Cancel() => _cancel.Cancel();

    private RegistryOptions Options(SecretRedactor redactor)
    {
        var log = new PublishRegistryLog(Log);
        return new RegistryOptions
        {
            InsecureRegistries = InsecureRegistries.Select(r => r.Trim()).Where(r => r.Length > 0).ToArray(),
            Credentials = CredentialResolver.FromProcess(redactor),
            Log = log,
            Progress = log,
            ForceChunkedUpload = ChunkedUpload,
            MaxParallelTransfers = Math.Clamp(MaxParallelUploads, 1, 16),
        };
    }

    protected override void Run()
    {
        var redactor = new SecretRedactor();
        var options = Options(redactor);
        var tags = Tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        var registry = Registry.Trim();
        var repository = Repository.Trim();
        Log.LogMessage(
            MessageImportance.High,
            $"Publishing {ImageDirectory} to {registry}/{repository}:{string.Join(",", tags)}"
        );
        using var client = new RegistryClient(options);
        try
        {
            var result = client
                .PushAsync(
                    ImageDirectory,
                    registry,
                    repository,
                    tags,
                    new PushOptions { AllowOverwrite = AllowOverwrite, MountFrom = MountFrom },
                    _cancel.Token
                )
                .GetAwaiter()
                .GetResult();
            Digest = result.Digest;
            PushedReference = $"{registry}/{repository}@{result.Digest}";
            Log.LogMessage(
                MessageImportance.High,
                $"Published {PushedReference} ({result.BlobsUploaded} blobs uploaded, {result.BlobsSkipped} already present, {result.BlobsMounted} mounted; {result.BytesUploaded} bytes sent)"
            );
            if (!string.IsNullOrWhiteSpace(DigestFile))
            {
                AtomicFile.WriteAllText(DigestFile, result.Digest + "\n");
            }
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            Log.LogMessage(
                MessageImportance.High,
                "Publishing was cancelled; no tag was changed unless its manifest was already pushed."
            );
        }
        catch (Exception e) when (e is not ModelSdkException and not IOException and not UnauthorizedAccessException)
        {
            // Anything the client did not map is still reported as a coded error, masked, without a stack trace.
            throw new ModelSdkException(
                ErrorCodes.RegistryRequestFailed,
                redactor.Redact($"Publishing to {registry} failed: {e.Message}")
            );
        }
    }
}
