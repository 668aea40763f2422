using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ModelSdk.Testing;

namespace ModelSdk.Oci.Tests;

/// <summary>A real docker-registry (Debian package) on 127.0.0.1, storage in a temp dir; killed on dispose.</summary>
public sealed class LoopbackRegistry : IDisposable
{
    private readonly TempDirectory _dir = new("modelsdk-oci-registry");
    private readonly Process _process;

    public LoopbackRegistry()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var config = _dir.Combine("config.yml");
        File.WriteAllText(
            config,
            $"version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: {_dir.Combine("storage")}\nhttp:\n  addr: 127.0.0.1:{Port}\n"
        );
        _process = Process.Start(
            new ProcessStartInfo("/usr/bin/docker-registry", ["serve", config])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }
        )!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; ; i++)
        {
            try
            {
                client.GetAsync($"http://{Address}/v2/").GetAwaiter().GetResult().Dispose();
                return;
            }
            catch (Exception e)
                when (e is HttpRequestException or TaskCanceledException && i < 200 && !_process.HasExited)
            {
                Thread.Sleep(50);
            }
        }
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
        _dir.Dispose();
    }
}
