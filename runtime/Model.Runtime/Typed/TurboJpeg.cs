using System.Runtime.InteropServices;

namespace ModelRuntime.Typed;

/// <summary>
/// libjpeg-turbo's TurboJPEG API (libturbojpeg.so.0, Debian's libturbojpeg0), loaded at run time when present: its
/// SIMD decode is about twice as fast as the copy inside SkiaSharp, built without SIMD. Absent (a host without the
/// package) or switched off with <c>MODEL_JPEG_DECODER=skia</c>, <see cref="Available"/> is false and JPEGs decode
/// with Skia.
/// </summary>
internal static unsafe class TurboJpeg
{
    public const string Library = "libturbojpeg.so.0";

    // turbojpeg.h (2.x)
    public const int PixelFormatBgr = 1; // TJPF_BGR
    public const int PixelFormatBgrx = 3; // TJPF_BGRX
    public const int ColorspaceYCbCr = 1; // TJCS_YCbCr
    public const int ColorspaceGray = 2; // TJCS_GRAY
    public const int FlagAccurateDct = 4096; // TJFLAG_ACCURATEDCT: ISLOW, as OpenCV's decode (and the default)

    [StructLayout(LayoutKind.Sequential)]
    public struct ScalingFactor
    {
        public int Num;
        public int Denom;
    }

    private static readonly Functions? Loaded = Load();

    public static bool Available => Loaded is not null;

    /// <summary>Why JPEGs decode with Skia, or null when TurboJPEG is used.</summary>
    public static string? Unavailable { get; private set; }

    public static Functions Api => Loaded ?? throw new InvalidOperationException($"{Library} is not loaded");

    public sealed class Functions
    {
        public required delegate* unmanaged<nint> InitDecompress;
        public required delegate* unmanaged<nint, byte*, nuint, int*, int*, int*, int*, int> DecompressHeader3;
        public required delegate* unmanaged<int*, ScalingFactor*> GetScalingFactors;
        public required delegate* unmanaged<nint, byte*, nuint, byte*, int, int, int, int, int, int> Decompress2;
        public required delegate* unmanaged<nint, byte*> GetErrorStr2;
        public required delegate* unmanaged<nint, int> Destroy;
    }

    private static Functions? Load()
    {
        if (
            string.Equals(
                Environment.GetEnvironmentVariable("MODEL_JPEG_DECODER"),
                "skia",
                StringComparison.OrdinalIgnoreCase
            )
        )
        {
            Unavailable = "MODEL_JPEG_DECODER=skia";
            return null;
        }
        if (!NativeLibrary.TryLoad(Library, out var library))
        {
            Unavailable = $"{Library} not found";
            return null;
        }
        try
        {
            return new Functions
            {
                InitDecompress = (delegate* unmanaged<nint>)Export(library, "tjInitDecompress"),
                DecompressHeader3 = (delegate* unmanaged<nint, byte*, nuint, int*, int*, int*, int*, int>)Export(
                    library,
                    "tjDecompressHeader3"
                ),
                GetScalingFactors = (delegate* unmanaged<int*, ScalingFactor*>)Export(library, "tjGetScalingFactors"),
                Decompress2 = (delegate* unmanaged<nint, byte*, nuint, byte*, int, int, int, int, int, int>)Export(
                    library,
                    "tjDecompress2"
                ),
                GetErrorStr2 = (delegate* unmanaged<nint, byte*>)Export(library, "tjGetErrorStr2"),
                Destroy = (delegate* unmanaged<nint, int>)Export(library, "tjDestroy"),
            };
        }
        catch (EntryPointNotFoundException e)
        {
            Unavailable = e.Message;
            return null;
        }
    }

    private static nint Export(nint library, string name) => NativeLibrary.GetExport(library, name);

    /// <summary>The library's last error on <paramref name="handle"/>.</summary>
    public static string Error(nint handle) =>
        Marshal.PtrToStringUTF8((nint)Api.GetErrorStr2(handle)) ?? "unknown error";

    /// <summary>The library's scaling factors, largest first (tjDecompress2 takes the first that fits).</summary>
    public static ScalingFactor[] ScalingFactors()
    {
        int count;
        var factors = Api.GetScalingFactors(&count);
        return factors is null ? [] : new ReadOnlySpan<ScalingFactor>(factors, count).ToArray();
    }
}
