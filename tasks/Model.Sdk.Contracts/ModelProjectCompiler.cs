namespace ModelSdk.Contracts;

/// <summary>The outcome of compiling a project: diagnostics, and the contracts when there were no errors.</summary>
public sealed record CompileResult(IReadOnlyList<Diagnostic> Diagnostics, ContractSet? Contracts)
{
    public bool Succeeded => Contracts is not null && Diagnostics.All(d => d.Severity != DiagnosticSeverity.Error);
}

/// <summary>Turns a <see cref="ProjectSpec"/> into validated contracts (ONNX extraction merged with declared contracts).</summary>
public static class ModelProjectCompiler
{
    public static CompileResult Compile(ProjectSpec spec) => throw new NotImplementedException();
}
