using ModelSdk;
using ModelSdk.Oci;

// Usage: BaseImageGen ROOTFS OUTPUT [RUNTIME_DIR]
//   ROOTFS: the extracted Debian packages (one layer, plus /etc/passwd, /etc/group and /tmp).
//   RUNTIME_DIR: the self-contained serving runtime; when present it becomes a second layer at /app/ and the
//   command is /app/Model.Runtime. Without it the image lists /model with busybox (a placeholder base).
// The runtime is the image's Cmd, not its Entrypoint: KServe's modelcar sidecar sets only the container's args
// (`sh -c 'ln -sf /proc/$$/root/models /mnt/models && sleep infinity'`), which replace Cmd and would be passed to an
// Entrypoint as arguments (starting a second server instead of the shell).
// The same inputs always give the same digest: file times, owners and modes are normalized by the layer writer.
if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: BaseImageGen ROOTFS OUTPUT [RUNTIME_DIR]");
    return 2;
}
var rootfs = Path.GetFullPath(args[0]);
var output = Path.GetFullPath(args[1]);
var runtime = args.Length == 3 && Directory.Exists(args[2]) ? Path.GetFullPath(args[2]) : null;
try
{
    var layers = new List<LayerSpec>
    {
        new(
            "Debian libc6, libgcc-s1, libstdc++6, busybox-static; passwd with user app (1000); /models -> model",
            Tree(rootfs, "")
        ),
    };
    IReadOnlyList<string> command = ["/bin/busybox", "ls", "-lR", "/model"];
    var workdir = "/";
    if (runtime is not null)
    {
        layers.Add(new LayerSpec("Model.Runtime (linux-x64, self-contained)", Tree(runtime, "app")));
        command = ["/app/Model.Runtime"];
        workdir = "/app";
    }
    var spec = new ImageSpec
    {
        Layers = layers,
        Tags = ["model-sdk-base"],
        Compression = LayerCompression.Gzip, // shipped inside the SDK package and pushed with every model: worth compressing
        Config = new ImageConfigOptions
        {
            Command = command,
            WorkingDirectory = workdir,
            User = "1000:1000",
            Environment = [new("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")],
        },
    };
    var cache = output.TrimEnd('/') + ".cache";
    var result = ImageLayoutWriter.Write(spec, output, cache);
    Directory.Delete(cache, recursive: true);
    Console.WriteLine(result.ManifestDigest);
    return 0;
}
catch (ModelSdkException e)
{
    Console.Error.WriteLine($"error {e.Code}: {e.Message}");
    return 1;
}

// Every directory, file and symbolic link under root, placed under prefix in the image.
static List<LayerEntry> Tree(string root, string prefix)
{
    var entries = new List<LayerEntry>();
    foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
    {
        var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
        var inImage = prefix.Length == 0 ? relative : $"{prefix}/{relative}";
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target)
        {
            entries.Add(LayerEntry.Symlink(inImage, target));
        }
        else if (Directory.Exists(path))
        {
            entries.Add(
                relative == "tmp"
                    ? new LayerEntry(inImage, LayerEntryKind.Directory, 0x3FF | 0x200)
                    : LayerEntry.Directory(inImage)
            );
        }
        else
        {
            entries.Add(LayerEntry.FromFile(path, inImage));
        }
    }
    return entries;
}
