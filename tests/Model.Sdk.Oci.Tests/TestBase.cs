using ModelSdk.Testing;

namespace ModelSdk.Oci.Tests;

/// <summary>
/// A small runnable base image for tests: the static busybox from the Debian package busybox-static, with sh, cat
/// and ls links, built from scratch with the library itself. Built once per test run.
/// </summary>
public static class TestBase
{
    public const string Busybox = "/bin/busybox";
    private static readonly Lazy<string> Layout = new(Build);
    private static readonly TempDirectory Root = CreateRoot();

    public static string Directory => Layout.Value;

    public static bool HasBusybox => File.Exists(Busybox);

    private static TempDirectory CreateRoot()
    {
        var root = new TempDirectory("modelsdk-oci-base");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => root.Dispose();
        return root;
    }

    private static string Build()
    {
        if (!HasBusybox)
        {
            throw new InvalidOperationException(
                "Install the Debian package busybox-static (eng/install-deps.sh does)."
            );
        }
        var entries = new List<LayerEntry>
        {
            LayerEntry.FromFile(Busybox, "bin/busybox", executable: true),
            LayerEntry.Symlink("bin/sh", "busybox"),
            LayerEntry.Symlink("bin/cat", "busybox"),
            LayerEntry.Symlink("bin/ls", "busybox"),
            LayerEntry.Directory("tmp"),
        };
        var spec = new ImageSpec
        {
            Layers = [new LayerSpec("busybox", entries)],
            Tags = ["base"],
            Config = new ImageConfigOptions
            {
                Entrypoint = ["/bin/ls", "-R", "/model"],
                Environment = [new("PATH", "/bin")],
            },
        };
        var layout = Path.Combine(Root.Path, "layout");
        ImageLayoutWriter.Write(spec, layout, Path.Combine(Root.Path, "cache"));
        return layout;
    }
}
