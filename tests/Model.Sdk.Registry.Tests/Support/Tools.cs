using System.Diagnostics;

namespace ModelSdk.Registry.Tests.Support;

/// <summary>Runs real command-line tools (skopeo, podman, htpasswd) and fails loudly with their output.</summary>
public static class Tools
{
    public static string Run(
        string program,
        IEnumerable<string> args,
        IDictionary<string, string>? environment = null,
        int timeoutMs = 300_000
    )
    {
        var start = new ProcessStartInfo(program, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', args)} exited with {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}"
            );
        }
        return stdout.Result;
    }
}
