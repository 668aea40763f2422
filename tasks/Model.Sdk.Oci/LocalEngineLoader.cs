using System.Diagnostics;

namespace ModelSdk.Oci;

/// <summary>
/// Loads an OCI archive into a local container engine (LocalRegistry=Podman or Docker) through its CLI, then tags
/// it with every repository:tag. The CLI talks to the engine's socket itself (DOCKER_HOST and friends apply).
/// </summary>
public static class LocalEngineLoader
{
    public static string ToolFor(string localRegistry) =>
        localRegistry.Trim().ToLowerInvariant() switch
        {
            "podman" => "podman",
            "docker" => "docker",
            _ => throw new ModelSdkException(
                ErrorCodes.LocalRegistryInvalid,
                $"LocalRegistry '{localRegistry}' is not supported. Use 'Podman' or 'Docker', or leave it empty to only write the OCI layout."
            ),
        };

    /// <returns>The engine's output of the load command.</returns>
    public static string Load(
        string localRegistry,
        string archivePath,
        string imageId,
        IReadOnlyList<string> repositoryTags
    )
    {
        var tool = ToolFor(localRegistry);
        var (code, output) = Run(tool, "version", "--format", "{{.Server.Version}}");
        if (code != 0)
        {
            var start =
                tool == "podman"
                    ? "Install podman, or start its Docker-compatible service with 'podman system service --time=0 &'"
                    : "Install Docker and start the daemon ('sudo systemctl start docker'), or set DOCKER_HOST to a running engine";
            throw new ModelSdkException(
                ErrorCodes.LocalRegistryUnavailable,
                $"LocalRegistry={localRegistry} but the {tool} engine is not available ({Trim(output)}). {start}, or remove LocalRegistry to only write the OCI layout."
            );
        }
        (code, output) = Run(tool, "load", "-i", archivePath);
        if (code != 0)
        {
            throw Failed(tool, output);
        }
        foreach (var tag in repositoryTags)
        {
            var (tagCode, tagOutput) = Run(tool, "tag", imageId, tag);
            if (tagCode != 0)
            {
                throw Failed(tool, tagOutput);
            }
        }
        return output;
    }

    private static ModelSdkException Failed(string tool, string output) =>
        new(
            ErrorCodes.LocalRegistryLoadFailed,
            $"'{tool}' could not load the image: {Trim(output)}. Check that the engine is running and has disk space, then build again."
        );

    private static string Trim(string text) =>
        text.Trim().Replace('\n', ' ') is var t && t.Length > 400 ? t[..400] : t.Trim();

    private static (int Code, string Output) Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"'{tool}' was not found on PATH: {e.Message}");
        }
    }
}
