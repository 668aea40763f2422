using Microsoft.Build.Framework;
using ModelSdk.Registry;

namespace ModelSdk.Tasks;

/// <summary>
/// ModelVersion=next: asks the registry for the repository's tags and returns the next patch version after the
/// highest SemVer tag (or <see cref="FirstVersion"/> when there is none).
/// </summary>
public sealed class ResolveNextPublishVersion : ModelSdkTask
{
    [Required]
    public string Registry { get; set; } = "";

    [Required]
    public string Repository { get; set; } = "";

    public string[] InsecureRegistries { get; set; } = [];

    public string FirstVersion { get; set; } = "1.0.0";

    [Output]
    public string Version { get; private set; } = "";

    protected override void Run()
    {
        var log = new PublishRegistryLog(Log);
        var options = new RegistryOptions
        {
            InsecureRegistries = InsecureRegistries.Select(r => r.Trim()).Where(r => r.Length > 0).ToArray(),
            Credentials = CredentialResolver.FromProcess(new SecretRedactor()),
            Log = log,
        };
        using var client = new RegistryClient(options);
        Version = client
            .NextVersionAsync(
                Registry.Trim(),
                Repository.Trim(),
                string.IsNullOrWhiteSpace(FirstVersion) ? "1.0.0" : FirstVersion.Trim()
            )
            .GetAwaiter()
            .GetResult();
        Log.LogMessage(
            MessageImportance.High,
            $"ModelVersion=next: publishing {Registry}/{Repository} as version {Version}."
        );
    }
}
