using System.Reflection;
using System.Runtime.InteropServices;

namespace ModelRuntime.OnnxRuntime;

/// <summary>Finds libonnxruntime.so.1: env MODEL_ORT_LIBRARY, next to the app, or the repository's artifacts folder.</summary>
public static class OrtLibrary
{
    public const string LibraryName = "onnxruntime";
    public const string EnvironmentVariable = "MODEL_ORT_LIBRARY";
    private const string FileName = "libonnxruntime.so.1";
    private static int _registered;

    public static void RegisterResolver()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(OrtLibrary).Assembly, Resolve);
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName)
        {
            return IntPtr.Zero;
        }
        var path = FindPath();
        return path is null ? IntPtr.Zero : NativeLibrary.Load(path);
    }

    /// <summary>The library path that will be loaded, or null to let the system loader search.</summary>
    public static string? FindPath()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }
        var besideApp = Path.Combine(AppContext.BaseDirectory, FileName);
        if (File.Exists(besideApp))
        {
            return besideApp;
        }
        // Tests and tools running from the repository find the copy eng/fetch-onnxruntime.sh extracted.
        var arch = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "artifacts", "onnxruntime", arch, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
