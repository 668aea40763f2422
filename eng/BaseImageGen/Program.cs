using ModelSdk;
using ModelSdk.Oci;
using ModelSdk.Oci.Spec;

// Usage: BaseImageGen OUTPUT RID=ROOTFS[,RUNTIME_DIR]...   (RID: linux-x64 or linux-arm64)
//   ROOTFS: that platform's extracted Debian packages (one layer, plus /etc/passwd, /etc/group and /tmp).
//   RUNTIME_DIR: the self-contained serving runtime for that RID; when present it becomes a second layer at /app/
//   and the command is /app/Model.Runtime. Without it the image lists /model with busybox (a placeholder base).
// One RID writes a single image (linux-x64 alone gives the same digest as before multi-arch); several write an image
// index with one image per platform, which BaseImage.Open picks from by the model image's platform.
// The runtime is the image's Cmd, not its Entrypoint: KServe's modelcar sidecar sets only the container's args
// (`sh -c 'ln -sf /proc/$$/root/models /mnt/models && sleep infinity'`), which replace Cmd and would be passed to an
// Entrypoint as arguments (starting a second server instead of the shell).
// The same inputs always give the same digest: file times, owners and modes are normalized by the layer writer.
if (args.Length < 2 || args.Skip(1).Any(a => !a.Contains('=')))
{
    Console.Error.WriteLine("usage: BaseImageGen OUTPUT RID=ROOTFS[,RUNTIME_DIR]...");
    return 2;
}
var output = Path.GetFullPath(args[0]);
try
{
    var specs = args.Skip(1).Select(PlatformSpec).ToList();
    var cache = output.TrimEnd('/') + ".cache";
    string digest;
    if (specs.Count == 1)
    {
        digest = ImageLayoutWriter.Write(specs[0], output, cache).ManifestDigest;
    }
    else
    {
        var index = ImageLayoutWriter.WriteIndex(specs, ["model-sdk-base"], output, cache);
        digest = index.IndexDigest;
        foreach (var image in index.Images)
        {
            Console.Error.WriteLine($"  {image.Platform}: {image.Image.ManifestDigest}");
        }
    }
    Directory.Delete(cache, recursive: true);
    Console.WriteLine(digest);
    return 0;
}
catch (ModelSdkException e)
{
    Console.Error.WriteLine($"error {e.Code}: {e.Message}");
    return 1;
}

// linux-x64=ROOTFS[,RUNTIME_DIR]: one platform's base image.
static ImageSpec PlatformSpec(string argument)
{
    var rid = argument[..argument.IndexOf('=')];
    var paths = argument[(rid.Length + 1)..].Split(',');
    var rootfs = Path.GetFullPath(paths[0]);
    var runtime = paths.Length > 1 && Directory.Exists(paths[1]) ? Path.GetFullPath(paths[1]) : null;
    var layers = new List<LayerSpec>
    {
        new(
            "Debian libc6, libgcc-s1, libstdc++6, libturbojpeg0, busybox-static; passwd with user app (1000); /models -> model",
            Tree(rootfs, "")
        ),
    };
    IReadOnlyList<string> command = ["/bin/busybox", "ls", "-lR", "/model"];
    var workdir = "/";
    if (runtime is not null)
    {
        layers.Add(new LayerSpec($"Model.Runtime ({rid}, self-contained)", Tree(runtime, "app")));
        command = ["/app/Model.Runtime"];
        workdir = "/app";
    }
    return new ImageSpec
    {
        Platform = Platform.FromRuntimeIdentifier(rid),
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
