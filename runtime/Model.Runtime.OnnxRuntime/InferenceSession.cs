using System.Runtime.InteropServices;
using ModelSdk.Onnx;

namespace ModelRuntime.OnnxRuntime;

/// <summary>An ONNX Runtime session over one model file. Thread-safe: <see cref="Run"/> may be called concurrently.</summary>
public sealed unsafe class InferenceSession : IDisposable
{
    private static readonly Lazy<IntPtr> CpuMemory = new(OrtApi.CreateCpuMemoryInfo);

    private readonly OrtHandle _session;
    private readonly Dictionary<string, int> _inputIndex;
    private readonly Dictionary<string, int> _outputIndex;
    private readonly NativeNames _inputNames;
    private readonly NativeNames _outputNames;

    /// <exception cref="OrtException">The file cannot be loaded (message from ONNX Runtime).</exception>
    public InferenceSession(string modelPath, SessionSettings? settings = null)
    {
        var env = OrtEnvironment.Instance;
        settings ??= new SessionSettings();
        using var options = new OrtHandle(OrtApi.CreateSessionOptions(), OrtApi.ReleaseSessionOptions);
        OrtApi.SetGraphOptimizationLevel(options.DangerousGetHandle(), (int)settings.OptimizationLevel);
        if (settings.IntraOpThreads > 0)
        {
            OrtApi.SetIntraOpNumThreads(options.DangerousGetHandle(), settings.IntraOpThreads);
        }
        if (settings.InterOpThreads > 0)
        {
            OrtApi.SetInterOpNumThreads(options.DangerousGetHandle(), settings.InterOpThreads);
        }
        _session = new OrtHandle(
            OrtApi.CreateSession(env.Handle.DangerousGetHandle(), modelPath, options.DangerousGetHandle()),
            OrtApi.ReleaseSession
        );
        Inputs = ReadInfos(outputs: false);
        Outputs = ReadInfos(outputs: true);
        _inputIndex = Inputs.Select((info, i) => (info.Name, i)).ToDictionary(p => p.Name, p => p.i);
        _outputIndex = Outputs.Select((info, i) => (info.Name, i)).ToDictionary(p => p.Name, p => p.i);
        _inputNames = new NativeNames(Inputs.Select(i => i.Name));
        _outputNames = new NativeNames(Outputs.Select(o => o.Name));
    }

    public IReadOnlyList<TensorInfo> Inputs { get; }
    public IReadOnlyList<TensorInfo> Outputs { get; }

    private TensorInfo[] ReadInfos(bool outputs)
    {
        var session = _session.DangerousGetHandle();
        var count = (int)OrtApi.SessionGetCount(session, outputs);
        var infos = new TensorInfo[count];
        for (var i = 0; i < count; i++)
        {
            var name = OrtApi.SessionGetName(session, (nuint)i, outputs);
            using var typeInfo = new OrtHandle(
                OrtApi.SessionGetTypeInfo(session, (nuint)i, outputs),
                OrtApi.ReleaseTypeInfo
            );
            // ONNX_TYPE_TENSOR = 1; the tensor info is owned by the type info.
            var tensorInfo =
                OrtApi.GetOnnxType(typeInfo.DangerousGetHandle()) == 1
                    ? OrtApi.CastTypeInfoToTensorInfo(typeInfo.DangerousGetHandle())
                    : IntPtr.Zero;
            if (tensorInfo == IntPtr.Zero)
            {
                infos[i] = new TensorInfo(name, false, OnnxElementType.Undefined, [], []);
                continue;
            }
            var dims = OrtApi.GetDimensions(tensorInfo);
            infos[i] = new TensorInfo(
                name,
                true,
                OrtApi.GetElementType(tensorInfo),
                dims,
                OrtApi.GetSymbolicDimensions(tensorInfo, dims.Length)
            );
        }
        return infos;
    }

    /// <summary>Runs the model on named inputs and returns the requested outputs in the requested order.</summary>
    /// <exception cref="ArgumentException">An input or output name the model does not have.</exception>
    /// <exception cref="OrtException">ONNX Runtime rejected the inputs or failed while running.</exception>
    public Tensor[] Run(IReadOnlyList<KeyValuePair<string, Tensor>> inputs, IReadOnlyList<string> outputNames)
    {
        var inputCount = inputs.Count;
        var outputCount = outputNames.Count;
        var inputValues = new IntPtr[inputCount];
        var inputNamePtrs = new IntPtr[inputCount];
        var outputNamePtrs = new IntPtr[outputCount];
        var outputValues = new IntPtr[outputCount];
        var pins = new List<GCHandle>(inputCount);
        var refs = 0;
        try
        {
            var ok = false;
            _session.DangerousAddRef(ref ok);
            refs++;
            _inputNames.DangerousAddRef(ref ok);
            refs++;
            _outputNames.DangerousAddRef(ref ok);
            refs++;
            for (var i = 0; i < inputCount; i++)
            {
                var (name, tensor) = (inputs[i].Key, inputs[i].Value);
                if (!_inputIndex.TryGetValue(name, out var index))
                {
                    throw new ArgumentException($"The model has no input named '{name}'.");
                }
                inputNamePtrs[i] = _inputNames[index];
                inputValues[i] = CreateValue(tensor, pins);
            }
            for (var i = 0; i < outputCount; i++)
            {
                if (!_outputIndex.TryGetValue(outputNames[i], out var index))
                {
                    throw new ArgumentException($"The model has no output named '{outputNames[i]}'.");
                }
                outputNamePtrs[i] = _outputNames[index];
            }
            fixed (
                IntPtr* inNames = inputNamePtrs,
                    inValues = inputValues,
                    outNames = outputNamePtrs
            )
            fixed (IntPtr* outValues = outputValues)
            {
                OrtApi.Run(
                    _session.DangerousGetHandle(),
                    inNames,
                    inValues,
                    (nuint)inputCount,
                    outNames,
                    (nuint)outputCount,
                    outValues
                );
            }
            var results = new Tensor[outputCount];
            for (var i = 0; i < outputCount; i++)
            {
                results[i] = ReadValue(outputValues[i], outputNames[i]);
            }
            return results;
        }
        finally
        {
            foreach (var value in inputValues.Concat(outputValues))
            {
                if (value != IntPtr.Zero)
                {
                    OrtApi.ReleaseValue(value);
                }
            }
            foreach (var pin in pins)
            {
                pin.Free();
            }
            if (refs > 2)
                _outputNames.DangerousRelease();
            if (refs > 1)
                _inputNames.DangerousRelease();
            if (refs > 0)
                _session.DangerousRelease();
        }
    }

    private static IntPtr CreateValue(Tensor tensor, List<GCHandle> pins)
    {
        fixed (long* shape = tensor.Shape)
        {
            if (tensor.ElementType == OnnxElementType.String)
            {
                return CreateStringValue(tensor, shape);
            }
            var pin = GCHandle.Alloc(tensor.Data, GCHandleType.Pinned);
            pins.Add(pin);
            return OrtApi.CreateTensorWithData(
                CpuMemory.Value,
                (void*)pin.AddrOfPinnedObject(),
                (nuint)tensor.Data.Length,
                shape,
                (nuint)tensor.Shape.Length,
                tensor.ElementType
            );
        }
    }

    private static IntPtr CreateStringValue(Tensor tensor, long* shape)
    {
        var value = OrtApi.CreateTensor(
            OrtApi.GetDefaultAllocator(),
            shape,
            (nuint)tensor.Shape.Length,
            OnnxElementType.String
        );
        var strings = tensor.Strings!;
        var pointers = new IntPtr[strings.Length];
        try
        {
            for (var i = 0; i < strings.Length; i++)
            {
                // FillStringTensor copies NUL-terminated strings.
                var p = (byte*)NativeMemory.Alloc((nuint)strings[i].Length + 1);
                strings[i].AsSpan().CopyTo(new Span<byte>(p, strings[i].Length));
                p[strings[i].Length] = 0;
                pointers[i] = (IntPtr)p;
            }
            fixed (IntPtr* ps = pointers)
            {
                OrtApi.FillStringTensor(value, ps, (nuint)strings.Length);
            }
            return value;
        }
        catch
        {
            OrtApi.ReleaseValue(value);
            throw;
        }
        finally
        {
            foreach (var p in pointers)
            {
                NativeMemory.Free((void*)p);
            }
        }
    }

    private static Tensor ReadValue(IntPtr value, string name)
    {
        var info = OrtApi.GetTensorTypeAndShape(value);
        try
        {
            var type = OrtApi.GetElementType(info);
            var shape = OrtApi.GetDimensions(info);
            var count = (long)OrtApi.GetElementCount(info);
            if (type == OnnxElementType.String)
            {
                return Tensor.FromStrings(shape, ReadStrings(value, count));
            }
            var size = TensorElementTypes.SizeOf(type);
            if (size == 0)
            {
                throw new OrtException(1, $"Output '{name}' has element type {type}, which the runtime cannot return.");
            }
            var bytes = new byte[checked(count * size)];
            if (bytes.Length > 0)
            {
                new ReadOnlySpan<byte>(OrtApi.GetTensorMutableData(value), bytes.Length).CopyTo(bytes);
            }
            return Tensor.FromBytes(type, shape, bytes);
        }
        finally
        {
            OrtApi.ReleaseTensorTypeAndShapeInfo(info);
        }
    }

    private static byte[][] ReadStrings(IntPtr value, long count)
    {
        var length = OrtApi.GetStringTensorDataLength(value);
        var buffer = new byte[(int)length];
        var offsets = new nuint[count];
        if (count > 0)
        {
            fixed (byte* b = buffer)
            fixed (nuint* o = offsets)
            {
                OrtApi.GetStringTensorContent(value, b, length, o, (nuint)count);
            }
        }
        var result = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var start = (int)offsets[i];
            var end = i + 1 < count ? (int)offsets[i + 1] : buffer.Length;
            result[i] = buffer[start..end];
        }
        return result;
    }

    public void Dispose()
    {
        _session.Dispose();
        _inputNames.Dispose();
        _outputNames.Dispose();
    }

    /// <summary>NUL-terminated UTF-8 copies of names, in native memory for the session's lifetime.</summary>
    private sealed class NativeNames : SafeHandle
    {
        private readonly IntPtr[] _names;

        public NativeNames(IEnumerable<string> names)
            : base(IntPtr.Zero, ownsHandle: true)
        {
            _names = names.Select(n => Marshal.StringToCoTaskMemUTF8(n)).ToArray();
            SetHandle(new IntPtr(1));
        }

        public IntPtr this[int index] => _names[index];

        public override bool IsInvalid => handle == IntPtr.Zero;

        protected override bool ReleaseHandle()
        {
            foreach (var name in _names)
            {
                Marshal.FreeCoTaskMem(name);
            }
            return true;
        }
    }
}
