using Microsoft.ML.OnnxRuntime;

namespace ModelRuntime.OnnxRuntime;

/// <summary>How bad an ONNX Runtime log line is (OrtLoggingLevel, without the package's type in our API).</summary>
public enum OrtLogSeverity
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}

/// <summary>Receives ONNX Runtime's own log lines (called on ONNX Runtime's threads).</summary>
public delegate void OrtLogSink(OrtLogSeverity severity, string category, string message);

/// <summary>
/// The process-wide OrtEnv. <see cref="Configure"/> (before the first session) routes ONNX Runtime's logging to a
/// sink at a minimum severity; without it ONNX Runtime logs warnings and errors nowhere (no stderr output).
/// Telemetry is disabled.
/// </summary>
public static class OrtEnvironment
{
    private static readonly object Gate = new();
    private static OrtLogSink? _sink;
    private static OrtLogSeverity _level = OrtLogSeverity.Warning;

    // The native logger calls this delegate for the life of the process: it must never be collected.
    private static readonly DOrtLoggingFunction Callback = OnLog;
    private static OrtEnv? _env;

    /// <summary>Sets where ONNX Runtime logs go; only effective before the environment is created.</summary>
    public static void Configure(OrtLogSink sink, OrtLogSeverity minimum)
    {
        lock (Gate)
        {
            _sink = sink;
            _level = minimum;
        }
    }

    /// <exception cref="OrtException">The library cannot be loaded.</exception>
    internal static OrtEnv Instance
    {
        get
        {
            lock (Gate)
            {
                return _env ??= Create();
            }
        }
    }

    private static OrtEnv Create()
    {
        try
        {
            var options = new EnvironmentCreationOptions
            {
                logId = "model-runtime",
                logLevel = (OrtLoggingLevel)_level,
                loggingFunction = Callback,
            };
            var env = OrtEnv.CreateInstanceWithOptions(ref options);
            env.DisableTelemetryEvents();
            return env;
        }
        catch (Exception e)
            when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException)
        {
            throw new OrtException(1, $"ONNX Runtime could not be loaded: {e.Message}");
        }
    }

    private static void OnLog(
        IntPtr param,
        OrtLoggingLevel severity,
        string category,
        string logId,
        string codeLocation,
        string message
    ) => _sink?.Invoke((OrtLogSeverity)severity, category, message);

    /// <summary>The ONNX Runtime version string, e.g. "1.31.1".</summary>
    public static string Version => Instance.GetVersionString();
}
