using System.Diagnostics;
using System.Text;

namespace ModelSdk.IntegrationTests;

/// <summary>
/// <c>dotnet run</c> in its own process group (setsid), as a terminal runs it: Ctrl+C (SIGINT) and SIGKILL go to the
/// group, so they reach the runtime that dotnet run starts, not only dotnet itself.
/// </summary>
public sealed class DotnetRunProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _gate = new();

    public DotnetRunProcess(
        SdkFeed feed,
        string directory,
        IReadOnlyDictionary<string, string> environment,
        params string[] args
    )
    {
        var info = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["dotnet", "run", "-c", "Release", "--disable-build-servers", .. args])
            info.ArgumentList.Add(arg);
        foreach (var (key, value) in feed.CleanEnvironment())
            info.Environment[key] = value;
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_gate)
                return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > until)
                throw new TimeoutException($"dotnet run did not print '{text}':\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>Sends a signal to the whole process group.</summary>
    public void Signal(string signal) => Process.Start("kill", ["-s", signal, "--", $"-{_process.Id}"])!.WaitForExit();

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Signal("KILL");
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_gate)
            _output.AppendLine(line);
    }
}
