using System.Runtime.InteropServices;

namespace ModelRuntime.Memory;

/// <summary>
/// glibc's malloc keeps freed memory for reuse (ONNX Runtime's tensors come from it); malloc_trim hands the free
/// pages back to the operating system. A no-op where there is no glibc.
/// </summary>
internal static class NativeHeap
{
    private static bool _unavailable;

    public static void Trim()
    {
        if (_unavailable || !OperatingSystem.IsLinux())
            return;
        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
