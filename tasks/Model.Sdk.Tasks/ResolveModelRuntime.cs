using Microsoft.Build.Framework;
using ModelSdk.Oci;

namespace ModelSdk.Tasks;

/// <summary>Adapter for <see cref="RuntimeCache"/>: the local runtime executable for dotnet run.</summary>
public sealed class ResolveModelRuntime : ModelSdkTask
{
    [Required]
    public string BaseImage { get; set; } = "";

    [Required]
    public string CacheDirectory { get; set; } = "";

    [Output]
    public string RuntimePath { get; set; } = "";

    protected override void Run()
    {
        var platform = RuntimeCache.HostPlatform(BaseImage);
        RuntimePath = RuntimeCache.Ensure(BaseImage, CacheDirectory, platform);
        Log.LogMessage(MessageImportance.Low, $"Model runtime: {RuntimePath}");
    }
}
