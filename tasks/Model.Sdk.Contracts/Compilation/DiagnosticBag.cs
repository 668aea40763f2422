namespace ModelSdk.Contracts.Compilation;

/// <summary>Collects diagnostics so one build reports every problem it can find, not just the first.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Any(d => d.Severity == DiagnosticSeverity.Error);

    public void Error(string code, string message, string? file, int line = 0) =>
        _items.Add(Diagnostic.Error(code, message, file, line));

    public void Warning(string code, string message, string? file, int line = 0) =>
        _items.Add(Diagnostic.Warning(code, message, file, line));

    public void Add(ModelSdkException e) => _items.Add(Diagnostic.From(e));
}
