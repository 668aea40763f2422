namespace ModelRuntime.OnnxRuntime;

/// <summary>The process-wide OrtEnv, created on first use and kept for the life of the process.</summary>
public sealed class OrtEnvironment
{
    private static readonly Lazy<OrtEnvironment> Shared = new(() => new OrtEnvironment());

    internal OrtHandle Handle { get; }

    private OrtEnvironment()
    {
        OrtApi.EnsureLoaded();
        // ORT_LOGGING_LEVEL_WARNING; the server reports load and run failures itself.
        Handle = new OrtHandle(OrtApi.CreateEnv(2, "model-runtime"), OrtApi.ReleaseEnv);
    }

    /// <exception cref="OrtException">The library cannot be loaded.</exception>
    public static OrtEnvironment Instance
    {
        get
        {
            try
            {
                return Shared.Value;
            }
            catch (TypeInitializationException e) when (e.InnerException is OrtException inner)
            {
                throw inner;
            }
        }
    }

    /// <summary>The ONNX Runtime version string, e.g. "1.30.0".</summary>
    public static string Version
    {
        get
        {
            _ = Instance;
            return OrtApi.Version;
        }
    }
}
