using ModelRuntime.OnnxRuntime;

namespace ModelRuntime;

/// <summary>
/// Sends ONNX Runtime's own log lines through the runtime's JSON logger (category "OnnxRuntime"), at the level
/// configured for that category (Logging__LogLevel__OnnxRuntime, else the default).
/// </summary>
public static class OrtLogging
{
    public static void Configure(ILoggerFactory factory)
    {
        var logger = factory.CreateLogger("OnnxRuntime");
        var minimum =
            logger.IsEnabled(LogLevel.Debug) ? OrtLogSeverity.Verbose
            : logger.IsEnabled(LogLevel.Information) ? OrtLogSeverity.Info
            : logger.IsEnabled(LogLevel.Warning) ? OrtLogSeverity.Warning
            : logger.IsEnabled(LogLevel.Error) ? OrtLogSeverity.Error
            : OrtLogSeverity.Fatal;
        OrtEnvironment.Configure(
            (severity, category, message) =>
                logger.Log(
                    severity switch
                    {
                        OrtLogSeverity.Verbose => LogLevel.Trace,
                        OrtLogSeverity.Info => LogLevel.Debug,
                        // Its telemetry notices (no CA bundle, no device ID) are about uploads that are off.
                        OrtLogSeverity.Warning when IsTelemetryNotice(message) => LogLevel.Debug,
                        OrtLogSeverity.Warning => LogLevel.Warning,
                        OrtLogSeverity.Error => LogLevel.Error,
                        _ => LogLevel.Critical,
                    },
                    "{Category}: {Message}",
                    category,
                    message
                ),
            minimum
        );
    }

    private static bool IsTelemetryNotice(string message) =>
        message.Contains("telemetry", StringComparison.OrdinalIgnoreCase);
}
