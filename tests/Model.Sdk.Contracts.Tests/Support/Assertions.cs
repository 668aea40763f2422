namespace ModelSdk.Contracts.Tests.Support;

public static class Assertions
{
    /// <summary>Exactly one diagnostic with <paramref name="code"/>, returned for further checks.</summary>
    public static Diagnostic Single(CompileResult result, string code)
    {
        var matches = result.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(
            matches.Count == 1,
            $"expected one {code}, got: {string.Join(" | ", result.Diagnostics.Select(d => $"{d.Code} {d.Message}"))}"
        );
        return matches[0];
    }

    public static Diagnostic SingleError(CompileResult result, string code)
    {
        var d = Single(result, code);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.False(result.Succeeded);
        Assert.Null(result.Contracts);
        return d;
    }

    public static Diagnostic SingleWarning(CompileResult result, string code)
    {
        var d = Single(result, code);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        return d;
    }

    public static ContractSet Succeeded(CompileResult result)
    {
        Assert.True(
            result.Succeeded,
            string.Join(" | ", result.Diagnostics.Select(d => $"{d.Code} {d.Message} ({d.File}:{d.Line})"))
        );
        return result.Contracts!;
    }
}
