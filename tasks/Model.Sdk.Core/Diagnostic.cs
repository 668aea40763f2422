namespace ModelSdk;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}

/// <summary>A coded message that libraries report without throwing (warnings, or errors collected before failing).</summary>
public sealed record Diagnostic(
    DiagnosticSeverity Severity,
    string Code,
    string Message,
    string? File = null,
    int Line = 0
)
{
    public static Diagnostic Warning(string code, string message, string? file = null, int line = 0) =>
        new(DiagnosticSeverity.Warning, code, message, file, line);

    public static Diagnostic Error(string code, string message, string? file = null, int line = 0) =>
        new(DiagnosticSeverity.Error, code, message, file, line);

    public static Diagnostic From(ModelSdkException e) =>
        new(DiagnosticSeverity.Error, e.Code, e.Message, e.File, e.Line);
}
