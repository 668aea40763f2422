using System.Diagnostics;
using Xunit;

namespace ModelSdk.Testing;

/// <summary>
/// The official ONNX Python library (Debian package python3-onnx), used to check that models written by
/// <see cref="OnnxModelBuilder"/> are valid and that our reader agrees with it.
/// </summary>
public static class OnnxPython
{
    private static readonly Lazy<string?> Interpreter = new(FindInterpreter);

    /// <summary>A python3 that can import onnx, or null.</summary>
    public static string? Python => Interpreter.Value;

    public const string InstallHint = "install it with: apt-get install python3-onnx";

    /// <summary>Runs a Python script with the model path as argv[1]; returns stdout, throws on failure.</summary>
    public static string Run(string script, params string[] arguments)
    {
        var python =
            Python ?? throw new InvalidOperationException($"The onnx Python module is missing: {InstallHint}.");
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("python onnx did not finish in 2 minutes");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"python onnx failed ({process.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }

    /// <summary>onnx.checker.check_model with full shape inference; throws with onnx's message on failure.</summary>
    public static void Check(string modelPath) =>
        Run("import sys, onnx; onnx.checker.check_model(sys.argv[1], full_check=True)", modelPath);

    public static string? SkipReason() =>
        Python is not null || TestModels.InCi ? null : $"The onnx Python module is missing: {InstallHint}.";

    private static string? FindInterpreter()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                var start = new ProcessStartInfo(candidate, ["-c", "import onnx"])
                {
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                    UseShellExecute = false,
                };
                using var process = Process.Start(start)!;
                if (process.WaitForExit(TimeSpan.FromSeconds(60)) && process.ExitCode == 0)
                    return candidate;
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        return null;
    }
}

/// <summary>A [Fact] that needs the onnx Python module: skipped locally without it, run (and failing) in CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OnnxPythonFactAttribute : FactAttribute
{
    /// <param name="models">Real models (<see cref="TestModels"/>) the test also needs.</param>
    public OnnxPythonFactAttribute(params string[] models) =>
        Skip = OnnxPython.SkipReason() ?? TestModels.SkipReason(models);
}
