using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.InteropServices;
using ModelSdk.Oci.Spec;

namespace ModelSdk.Oci;

/// <summary>
/// For <c>dotnet run</c>: the serving runtime the image would run, taken from the base image's layer that holds
/// /app/Model.Runtime and unpacked once into a cache folder named by that layer's digest (atomically, executable
/// bits kept). Offline: the base image is a local OCI layout.
/// </summary>
public static class RuntimeCache
{
    public const string Executable = "app/Model.Runtime";

    /// <summary>The host's image platform, or a coded error saying what dotnet run supports.</summary>
    public static Platform HostPlatform(string baseImage, OSPlatform? os = null, Architecture? arch = null)
    {
        var linux = os is { } o ? o == OSPlatform.Linux : RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
        var cpu = arch ?? RuntimeInformation.OSArchitecture;
        if (linux && cpu == Architecture.X64)
            return Platform.LinuxAmd64;
        if (linux && cpu == Architecture.Arm64)
            return new Platform("linux", "arm64");
        var host = $"{(linux ? "linux" : RuntimeInformation.OSDescription)} {cpu}".ToLowerInvariant();
        throw new ModelSdkException(
            ErrorCodes.RunHostUnsupported,
            $"dotnet run serves the model with the image's runtime, which runs on linux-x64 and linux-arm64; this host is {host}. Run the image instead: dotnet build, then load bin/<Configuration>/image/ into podman or docker (or set ContainerRegistry and publish) and run it.",
            baseImage
        );
    }

    /// <summary>The path of the runtime executable, unpacking it into <paramref name="cacheRoot"/> first if needed.</summary>
    public static string Ensure(string baseImage, string cacheRoot, Platform platform)
    {
        BaseImage image;
        try
        {
            image = BaseImage.Open(baseImage, platform);
        }
        catch (ModelSdkException e)
            when (e.Code == ErrorCodes.BaseImageWrongPlatform && platform.Architecture == "arm64")
        {
            throw new ModelSdkException(
                ErrorCodes.RunArm64NotYet,
                $"This host is linux-arm64, but the base image at '{baseImage}' has no linux/arm64 variant. Leave ContainerBaseImage empty (the SDK's embedded base has linux/arm64), set it to a multi-arch base that has linux/arm64, or use a linux-x64 host.",
                baseImage
            );
        }
        foreach (var layer in image.Layers.Reverse())
        {
            var target = Path.Combine(cacheRoot, layer.Digest.Replace(':', '-'));
            var exe = Path.Combine(target, Executable);
            if (File.Exists(exe))
                return exe;
            var blob = image.Layout!.BlobPath(layer.Digest);
            if (!HasRuntime(blob))
                continue;
            Directory.CreateDirectory(cacheRoot);
            try
            {
                AtomicDirectory.Create(target, temp => Unpack(blob, temp));
            }
            catch (IOException) when (File.Exists(exe))
            {
                // Another run unpacked the same layer at the same time; its copy is as good as ours.
            }
            return exe;
        }
        throw new ModelSdkException(
            ErrorCodes.RunNoRuntimeInBaseImage,
            $"The base image at '{baseImage}' has no /{Executable}, so dotnet run has no runtime to serve the model with. Use the SDK's default base image (leave ContainerBaseImage empty) or a base built FROM it.",
            baseImage
        );
    }

    private static TarReader Open(string blob, out Stream file)
    {
        file = File.OpenRead(blob);
        var gzip = new byte[2];
        file.ReadExactly(gzip);
        file.Position = 0;
        Stream data = gzip is [0x1f, 0x8b] ? new GZipStream(file, CompressionMode.Decompress) : file;
        return new TarReader(data);
    }

    private static bool HasRuntime(string blob)
    {
        using var reader = Open(blob, out var file);
        using (file)
        {
            while (reader.GetNextEntry() is { } entry)
            {
                if (Normalize(entry.Name) == Executable)
                    return true;
            }
        }
        return false;
    }

    private static void Unpack(string blob, string root)
    {
        using var reader = Open(blob, out var file);
        using (file)
        {
            while (reader.GetNextEntry() is { } entry)
            {
                var name = Normalize(entry.Name);
                if (!name.StartsWith("app/", StringComparison.Ordinal) || name.Split('/').Contains(".."))
                    continue;
                var path = Path.Combine(root, name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        Directory.CreateDirectory(path);
                        break;
                    case TarEntryType.SymbolicLink:
                        File.CreateSymbolicLink(path, entry.LinkName);
                        break;
                    case TarEntryType.HardLink:
                        File.Copy(Path.Combine(root, Normalize(entry.LinkName)), path, overwrite: true);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        WriteFile(path, entry);
                        break;
                }
            }
        }
    }

    private static void WriteFile(string path, TarEntry entry)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = entry.Mode & (UnixFileMode)0x1FF;
        using var output = new FileStream(path, options);
        entry.DataStream?.CopyTo(output);
    }

    private static string Normalize(string name) => name.TrimStart('.', '/').TrimEnd('/');
}
