using System.Diagnostics;

namespace ModelSdk.Oci;

/// <summary>
/// Podman or Docker through its CLI: 'load -i' the archive, then 'tag' the image with every repository:tag. The CLI
/// talks to the engine's socket itself (DOCKER_HOST and friends apply).
/// </summary>
public sealed class CliLocalEngine(string name, string tool) : ILocalEngine
{
    public string Name { get; } = name;

    public void Load(string archivePath, string imageId, IReadOnlyList<string> repositoryTags)
    {
        EnsureRunning();
        Check(Run("load", "-i", archivePath));
        foreach (var tag in repositoryTags)
        {
            Check(Run("tag", imageId, tag));
        }
    }

    private void EnsureRunning()
    {
        var (code, output) = Run("version", "--format", "{{.Server.Version}}");
        if (code == 0)
        {
            return;
        }
        var start =
            tool == "podman"
                ? "Install podman, or start its Docker-compatible service with 'podman system service --time=0 &'"
                : "Install Docker and start the daemon ('sudo systemctl start docker'), or set DOCKER_HOST to a running engine";
        throw new ModelSdkException(
            ErrorCodes.LocalRegistryUnavailable,
            $"LocalRegistry={Name} but the {tool} engine is not available ({Trim(output)}). {start}, or remove LocalRegistry to only write the OCI layout."
        );
    }

    private void Check((int Code, string Output) result)
    {
        if (result.Code != 0)
        {
            throw new ModelSdkException(
                ErrorCodes.LocalRegistryLoadFailed,
                $"'{tool}' could not load the image: {Trim(result.Output)}. Check that the engine is running and has disk space, then build again."
            );
        }
    }

    private static string Trim(string text) =>
        text.Trim().Replace('\n', ' ') is var t && t.Length > 400 ? t[..400] : t.Trim();

    private (int Code, string Output) Run(params string[] args)
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
