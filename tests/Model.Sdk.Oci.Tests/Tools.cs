using ModelSdk.Testing;

namespace ModelSdk.Oci.Tests;

/// <summary>The real tools the tests check images with (umoci, skopeo, podman, tar), installed by eng/install-deps.sh.</summary>
public static class Tools
{
    public static ProcessResult Run(string tool, params string[] args) =>
        ProcessRunner.Run(tool, args, Path.GetTempPath(), timeout: TimeSpan.FromMinutes(10));

    public static string RunOk(string tool, params string[] args) =>
        Run(tool, args).EnsureSuccess($"{tool} {string.Join(' ', args)}").Output;

    /// <summary>skopeo inspect --raw / --config and umoci unpack must accept the layout.</summary>
    public static void AssertValidLayout(string layout, string tag)
    {
        RunOk("skopeo", "inspect", $"oci:{layout}:{tag}");
        using var unpack = new TempDirectory("modelsdk-umoci");
        RunOk("umoci", "unpack", "--rootless", "--image", $"{layout}:{tag}", Path.Combine(unpack.Path, "bundle"));
    }

    public static string ThisAssembly => typeof(Tools).Assembly.Location;
}
