using ModelSdk.Testing;

namespace ModelSdk.IntegrationTests;

/// <summary>
/// A [Fact] that runs linux/arm64 containers on an amd64 machine through qemu-user-static: it mounts binfmt_misc and
/// enables the qemu-aarch64 handler when they are missing (eng/install-deps.sh does the same in CI), and is skipped,
/// saying why, only where that cannot be done (no qemu-user-static, no permission to enable binfmt_misc).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class Arm64EmulationFactAttribute : FactAttribute
{
    private const string Handler = "/proc/sys/fs/binfmt_misc/qemu-aarch64";

    public Arm64EmulationFactAttribute() => Skip = SkipReason.Value;

    private static readonly Lazy<string?> SkipReason = new(Enable);

    private static string? Enable()
    {
        if (
            System.Runtime.InteropServices.RuntimeInformation.OSArchitecture
            is System.Runtime.InteropServices.Architecture.Arm64
        )
        {
            return null; // arm64 images run natively
        }
        if (!Enabled())
        {
            var mount =
                "mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc";
            var enable = ProcessRunner.Run(
                "sh",
                ["-c", $"{{ {mount}; }} && update-binfmts --enable qemu-aarch64"],
                "/"
            );
            if (!Enabled())
            {
                return $"arm64 emulation is not available: {Handler} is not enabled and enabling it failed ({enable.Output.Trim()}). Install qemu-user-static and binfmt-support (eng/install-deps.sh) on a machine that may enable binfmt_misc.";
            }
        }
        return null;
    }

    private static bool Enabled() =>
        File.Exists(Handler) && File.ReadLines(Handler).FirstOrDefault()?.Trim() == "enabled";
}
