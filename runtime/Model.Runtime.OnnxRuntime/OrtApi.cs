using System.Runtime.InteropServices;
using ModelSdk.Onnx;

namespace ModelRuntime.OnnxRuntime;

/// <summary>
/// The OrtApi function table. Slots are positions in struct OrtApi of onnxruntime_c_api.h; the table only ever
/// grows at the end, so these positions hold for every API version at or above the one requested.
/// </summary>
internal static unsafe partial class OrtApi
{
    /// <summary>ORT_API_VERSION of ONNX Runtime 1.30, the version eng/fetch-onnxruntime.sh provides.</summary>
    public const uint ApiVersion = 30;

    private enum Slot
    {
        GetErrorCode = 1,
        GetErrorMessage = 2,
        CreateEnv = 3,
        CreateSession = 7,
        Run = 9,
        CreateSessionOptions = 10,
        SetSessionGraphOptimizationLevel = 23,
        SetIntraOpNumThreads = 24,
        SetInterOpNumThreads = 25,
        SessionGetInputCount = 30,
        SessionGetOutputCount = 31,
        SessionGetInputTypeInfo = 33,
        SessionGetOutputTypeInfo = 34,
        SessionGetInputName = 36,
        SessionGetOutputName = 37,
        CreateTensorAsOrtValue = 48,
        CreateTensorWithDataAsOrtValue = 49,
        GetTensorMutableData = 51,
        FillStringTensor = 52,
        GetStringTensorDataLength = 53,
        GetStringTensorContent = 54,
        CastTypeInfoToTensorInfo = 55,
        GetOnnxTypeFromTypeInfo = 56,
        GetTensorElementType = 60,
        GetDimensionsCount = 61,
        GetDimensions = 62,
        GetSymbolicDimensions = 63,
        GetTensorShapeElementCount = 64,
        GetTensorTypeAndShape = 65,
        CreateCpuMemoryInfo = 69,
        AllocatorFree = 76,
        GetAllocatorWithDefaultOptions = 78,
        ReleaseEnv = 92,
        ReleaseStatus = 93,
        ReleaseMemoryInfo = 94,
        ReleaseSession = 95,
        ReleaseValue = 96,
        ReleaseTypeInfo = 98,
        ReleaseTensorTypeAndShapeInfo = 99,
        ReleaseSessionOptions = 100,
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct OrtApiBase
    {
        public delegate* unmanaged<uint, IntPtr> GetApi;
        public delegate* unmanaged<IntPtr> GetVersionString;
    }

    [LibraryImport(OrtLibrary.LibraryName)]
    private static partial OrtApiBase* OrtGetApiBase();

    private static readonly object Gate = new();
    private static IntPtr* _table;

    public static string Version { get; private set; } = "";

    /// <summary>Loads the library and the function table once; throws <see cref="OrtException"/> when it cannot.</summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_table == null)
            {
                _table = LoadTable(out var version);
                Version = version;
            }
        }
    }

    private static IntPtr* LoadTable(out string version)
    {
        OrtLibrary.RegisterResolver();
        OrtApiBase* apiBase;
        try
        {
            apiBase = OrtGetApiBase();
        }
        catch (DllNotFoundException e)
        {
            throw new OrtException(
                -1,
                $"libonnxruntime.so.1 not found (set {OrtLibrary.EnvironmentVariable} or run eng/fetch-onnxruntime.sh): {e.Message}"
            );
        }
        version = Marshal.PtrToStringUTF8(apiBase->GetVersionString()) ?? "unknown";
        var table = (IntPtr*)apiBase->GetApi(ApiVersion);
        if (table == null)
        {
            throw new OrtException(-1, $"ONNX Runtime {version} does not provide C API version {ApiVersion}.");
        }
        return table;
    }

    private static IntPtr Fn(Slot slot) => _table[(int)slot];

    /// <summary>Turns a returned OrtStatus* into an exception (and releases it); null means success.</summary>
    public static void Check(IntPtr status)
    {
        if (status == IntPtr.Zero)
        {
            return;
        }
        var code = ((delegate* unmanaged<IntPtr, int>)Fn(Slot.GetErrorCode))(status);
        var message = Marshal.PtrToStringUTF8(((delegate* unmanaged<IntPtr, IntPtr>)Fn(Slot.GetErrorMessage))(status));
        ((delegate* unmanaged<IntPtr, void>)Fn(Slot.ReleaseStatus))(status);
        throw new OrtException(code, message ?? "ONNX Runtime error");
    }

    public static IntPtr CreateEnv(int logLevel, string logId)
    {
        IntPtr env;
        var id = Marshal.StringToCoTaskMemUTF8(logId);
        try
        {
            Check(((delegate* unmanaged<int, IntPtr, IntPtr*, IntPtr>)Fn(Slot.CreateEnv))(logLevel, id, &env));
        }
        finally
        {
            Marshal.FreeCoTaskMem(id);
        }
        return env;
    }

    public static IntPtr CreateSession(IntPtr env, string path, IntPtr options)
    {
        IntPtr session;
        var p = Marshal.StringToCoTaskMemUTF8(path);
        try
        {
            Check(
                ((delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr*, IntPtr>)Fn(Slot.CreateSession))(
                    env,
                    p,
                    options,
                    &session
                )
            );
        }
        finally
        {
            Marshal.FreeCoTaskMem(p);
        }
        return session;
    }

    public static void Run(
        IntPtr session,
        IntPtr* inputNames,
        IntPtr* inputs,
        nuint inputCount,
        IntPtr* outputNames,
        nuint outputCount,
        IntPtr* outputs
    ) =>
        Check(
            (
                (delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr*, nuint, IntPtr*, nuint, IntPtr*, IntPtr>)Fn(
                    Slot.Run
                )
            )(session, IntPtr.Zero, inputNames, inputs, inputCount, outputNames, outputCount, outputs)
        );

    public static IntPtr CreateSessionOptions()
    {
        IntPtr options;
        Check(((delegate* unmanaged<IntPtr*, IntPtr>)Fn(Slot.CreateSessionOptions))(&options));
        return options;
    }

    public static void SetGraphOptimizationLevel(IntPtr options, int level) =>
        Check(((delegate* unmanaged<IntPtr, int, IntPtr>)Fn(Slot.SetSessionGraphOptimizationLevel))(options, level));

    public static void SetIntraOpNumThreads(IntPtr options, int threads) =>
        Check(((delegate* unmanaged<IntPtr, int, IntPtr>)Fn(Slot.SetIntraOpNumThreads))(options, threads));

    public static void SetInterOpNumThreads(IntPtr options, int threads) =>
        Check(((delegate* unmanaged<IntPtr, int, IntPtr>)Fn(Slot.SetInterOpNumThreads))(options, threads));

    public static nuint SessionGetCount(IntPtr session, bool outputs)
    {
        nuint count;
        var slot = outputs ? Slot.SessionGetOutputCount : Slot.SessionGetInputCount;
        Check(((delegate* unmanaged<IntPtr, nuint*, IntPtr>)Fn(slot))(session, &count));
        return count;
    }

    public static IntPtr SessionGetTypeInfo(IntPtr session, nuint index, bool outputs)
    {
        IntPtr info;
        var slot = outputs ? Slot.SessionGetOutputTypeInfo : Slot.SessionGetInputTypeInfo;
        Check(((delegate* unmanaged<IntPtr, nuint, IntPtr*, IntPtr>)Fn(slot))(session, index, &info));
        return info;
    }

    public static string SessionGetName(IntPtr session, nuint index, bool outputs)
    {
        var allocator = GetDefaultAllocator();
        IntPtr name;
        var slot = outputs ? Slot.SessionGetOutputName : Slot.SessionGetInputName;
        Check(
            ((delegate* unmanaged<IntPtr, nuint, IntPtr, IntPtr*, IntPtr>)Fn(slot))(session, index, allocator, &name)
        );
        try
        {
            return Marshal.PtrToStringUTF8(name) ?? "";
        }
        finally
        {
            Check(((delegate* unmanaged<IntPtr, IntPtr, IntPtr>)Fn(Slot.AllocatorFree))(allocator, name));
        }
    }

    public static IntPtr GetDefaultAllocator()
    {
        IntPtr allocator;
        Check(((delegate* unmanaged<IntPtr*, IntPtr>)Fn(Slot.GetAllocatorWithDefaultOptions))(&allocator));
        return allocator;
    }

    public static IntPtr CreateTensor(IntPtr allocator, long* shape, nuint rank, OnnxElementType type)
    {
        IntPtr value;
        Check(
            ((delegate* unmanaged<IntPtr, long*, nuint, int, IntPtr*, IntPtr>)Fn(Slot.CreateTensorAsOrtValue))(
                allocator,
                shape,
                rank,
                (int)type,
                &value
            )
        );
        return value;
    }

    public static IntPtr CreateTensorWithData(
        IntPtr memoryInfo,
        void* data,
        nuint length,
        long* shape,
        nuint rank,
        OnnxElementType type
    )
    {
        IntPtr value;
        Check(
            (
                (delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr>)Fn(
                    Slot.CreateTensorWithDataAsOrtValue
                )
            )(memoryInfo, data, length, shape, rank, (int)type, &value)
        );
        return value;
    }

    public static void* GetTensorMutableData(IntPtr value)
    {
        void* data;
        Check(((delegate* unmanaged<IntPtr, void**, IntPtr>)Fn(Slot.GetTensorMutableData))(value, &data));
        return data;
    }

    public static void FillStringTensor(IntPtr value, IntPtr* strings, nuint count) =>
        Check(((delegate* unmanaged<IntPtr, IntPtr*, nuint, IntPtr>)Fn(Slot.FillStringTensor))(value, strings, count));

    public static nuint GetStringTensorDataLength(IntPtr value)
    {
        nuint length;
        Check(((delegate* unmanaged<IntPtr, nuint*, IntPtr>)Fn(Slot.GetStringTensorDataLength))(value, &length));
        return length;
    }

    public static void GetStringTensorContent(IntPtr value, byte* buffer, nuint length, nuint* offsets, nuint count) =>
        Check(
            ((delegate* unmanaged<IntPtr, byte*, nuint, nuint*, nuint, IntPtr>)Fn(Slot.GetStringTensorContent))(
                value,
                buffer,
                length,
                offsets,
                count
            )
        );

    /// <summary>The tensor info inside a type info (owned by it), or zero when the value is not a tensor.</summary>
    public static IntPtr CastTypeInfoToTensorInfo(IntPtr typeInfo)
    {
        IntPtr info;
        Check(((delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)Fn(Slot.CastTypeInfoToTensorInfo))(typeInfo, &info));
        return info;
    }

    public static int GetOnnxType(IntPtr typeInfo)
    {
        int type;
        Check(((delegate* unmanaged<IntPtr, int*, IntPtr>)Fn(Slot.GetOnnxTypeFromTypeInfo))(typeInfo, &type));
        return type;
    }

    public static OnnxElementType GetElementType(IntPtr tensorInfo)
    {
        int type;
        Check(((delegate* unmanaged<IntPtr, int*, IntPtr>)Fn(Slot.GetTensorElementType))(tensorInfo, &type));
        return (OnnxElementType)type;
    }

    public static long[] GetDimensions(IntPtr tensorInfo)
    {
        nuint rank;
        Check(((delegate* unmanaged<IntPtr, nuint*, IntPtr>)Fn(Slot.GetDimensionsCount))(tensorInfo, &rank));
        var dims = new long[(int)rank];
        fixed (long* p = dims)
        {
            Check(((delegate* unmanaged<IntPtr, long*, nuint, IntPtr>)Fn(Slot.GetDimensions))(tensorInfo, p, rank));
        }
        return dims;
    }

    public static string?[] GetSymbolicDimensions(IntPtr tensorInfo, int rank)
    {
        var names = new IntPtr[rank];
        fixed (IntPtr* p = names)
        {
            Check(
                ((delegate* unmanaged<IntPtr, IntPtr*, nuint, IntPtr>)Fn(Slot.GetSymbolicDimensions))(
                    tensorInfo,
                    p,
                    (nuint)rank
                )
            );
        }
        return names.Select(n => n == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(n)).ToArray();
    }

    public static nuint GetElementCount(IntPtr tensorInfo)
    {
        nuint count;
        Check(((delegate* unmanaged<IntPtr, nuint*, IntPtr>)Fn(Slot.GetTensorShapeElementCount))(tensorInfo, &count));
        return count;
    }

    public static IntPtr GetTensorTypeAndShape(IntPtr value)
    {
        IntPtr info;
        Check(((delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)Fn(Slot.GetTensorTypeAndShape))(value, &info));
        return info;
    }

    public static IntPtr CreateCpuMemoryInfo()
    {
        IntPtr info;
        // OrtArenaAllocator = 1, OrtMemTypeDefault = 0.
        Check(((delegate* unmanaged<int, int, IntPtr*, IntPtr>)Fn(Slot.CreateCpuMemoryInfo))(1, 0, &info));
        return info;
    }

    public static void ReleaseEnv(IntPtr p) => ((delegate* unmanaged<IntPtr, void>)Fn(Slot.ReleaseEnv))(p);

    public static void ReleaseMemoryInfo(IntPtr p) =>
        ((delegate* unmanaged<IntPtr, void>)Fn(Slot.ReleaseMemoryInfo))(p);

    public static void ReleaseSession(IntPtr p) => ((delegate* unmanaged<IntPtr, void>)Fn(Slot.ReleaseSession))(p);

    public static void ReleaseValue(IntPtr p) => ((delegate* unmanaged<IntPtr, void>)Fn(Slot.ReleaseValue))(p);

    public static void ReleaseTypeInfo(IntPtr p) => ((delegate* unmanaged<IntPtr, void>)Fn(Slot.ReleaseTypeInfo))(p);

    public static void ReleaseTensorTypeAndShapeInfo(IntPtr p) =>
        ((delegate* unmanaged<IntPtr, void>)Fn(Slot.ReleaseTensorTypeAndShapeInfo))(p);

    public static void ReleaseSessionOptions(IntPtr p) =>
        ((delegate* unmanaged<IntPtr, void>)Fn(Slot.ReleaseSessionOptions))(p);
}
