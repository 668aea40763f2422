using Microsoft.ML.OnnxRuntime;
using ModelSdk.Onnx;
using Ort = Microsoft.ML.OnnxRuntime;

namespace ModelRuntime.OnnxRuntime;

/// <summary>
/// An ONNX Runtime session over one model file. Thread-safe: <see cref="Run"/> may be called concurrently.
/// Inputs are passed to ONNX Runtime as pinned views of the tensors' bytes (no copy); outputs whose shape the
/// model fixes are written by ONNX Runtime straight into the result arrays.
/// </summary>
public sealed class InferenceSession : IDisposable
{
    private readonly Ort.InferenceSession _session;
    private readonly Dictionary<string, TensorInfo> _inputIndex;
    private readonly Dictionary<string, TensorInfo> _outputIndex;
    private volatile bool _disposed;

    /// <exception cref="OrtException">The file cannot be loaded (message from ONNX Runtime).</exception>
    public InferenceSession(string modelPath, SessionSettings? settings = null)
    {
        _ = OrtEnvironment.Instance;
        settings ??= new SessionSettings();
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = (Ort.GraphOptimizationLevel)(int)settings.OptimizationLevel,
            EnableCpuMemArena = settings.MemoryArena,
            LogId = Path.GetFileName(modelPath),
        };
        if (settings.IntraOpThreads > 0)
            options.IntraOpNumThreads = settings.IntraOpThreads;
        if (settings.InterOpThreads > 0)
            options.InterOpNumThreads = settings.InterOpThreads;
        if (!settings.SpinWhenIdle)
        {
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        }
        try
        {
            _session = new Ort.InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw OrtException.From(e);
        }
        Inputs = _session.InputNames.Select(n => Describe(n, _session.InputMetadata[n])).ToArray();
        Outputs = _session.OutputNames.Select(n => Describe(n, _session.OutputMetadata[n])).ToArray();
        _inputIndex = Inputs.ToDictionary(i => i.Name);
        _outputIndex = Outputs.ToDictionary(o => o.Name);
    }

    public IReadOnlyList<TensorInfo> Inputs { get; }
    public IReadOnlyList<TensorInfo> Outputs { get; }

    private static TensorInfo Describe(string name, NodeMetadata metadata) =>
        metadata.OnnxValueType == OnnxValueType.ONNX_TYPE_TENSOR
            ? new TensorInfo(
                name,
                true,
                (OnnxElementType)(int)metadata.ElementDataType,
                metadata.Dimensions.Select(d => (long)d).ToArray(),
                metadata.SymbolicDimensions.Select(s => string.IsNullOrEmpty(s) ? null : s).ToArray()
            )
            : new TensorInfo(name, false, OnnxElementType.Undefined, [], []);

    /// <summary>Runs the model on named inputs and returns the requested outputs in the requested order.</summary>
    /// <exception cref="ArgumentException">An input or output name the model does not have.</exception>
    /// <exception cref="OrtException">ONNX Runtime rejected the inputs or failed while running.</exception>
    /// <exception cref="OperationCanceledException">The token fired: the run was terminated.</exception>
    public Tensor[] Run(
        IReadOnlyList<KeyValuePair<string, Tensor>> inputs,
        IReadOnlyList<string> outputNames,
        CancellationToken cancellationToken = default
    )
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var input in inputs)
        {
            if (!_inputIndex.ContainsKey(input.Key))
                throw new ArgumentException($"The model has no input named '{input.Key}'.");
        }
        var outputs = outputNames
            .Select(n =>
                _outputIndex.GetValueOrDefault(n)
                ?? throw new ArgumentException($"The model has no output named '{n}'.")
            )
            .ToArray();
        cancellationToken.ThrowIfCancellationRequested();
        using var values = new OrtValues();
        var inputValues = inputs.Select(i => values.View(i.Value)).ToArray();
        var inputNames = inputs.Select(i => i.Key).ToArray();
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        try
        {
            var preallocated = OrtValues.CanPreallocate(outputs);
            if (preallocated is not null)
            {
                var outputValues = preallocated.Select(values.View).ToArray();
                _session.Run(runOptions, inputNames, inputValues, outputNames.ToArray(), outputValues);
                return preallocated;
            }
            using var results = _session.Run(runOptions, inputNames, inputValues, outputNames.ToArray());
            return results.Select((r, i) => OrtValues.Read(r, outputNames[i])).ToArray();
        }
        catch (OnnxRuntimeException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The run was terminated.", e, cancellationToken);
        }
        catch (OnnxRuntimeException e)
        {
            throw OrtException.From(e);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _session.Dispose();
    }
}
