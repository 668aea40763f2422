using System.Diagnostics;

namespace ModelSdk.Testing;

/// <summary>'podman system service --time=0' on a socket of its own under /tmp; stopped (by its pid) on dispose.</summary>
public sealed class PodmanService : IDisposable
{
    private readonly Process _process;

    public PodmanService()
    {
        Socket = $"/tmp/modelpack-{Guid.NewGuid():N}.sock";
        _process = Process.Start(
            new ProcessStartInfo("podman", ["system", "service", "--time=0", Address])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }
        )!;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(Socket) && DateTime.UtcNow < deadline && !_process.HasExited)
        {
            Thread.Sleep(100);
        }
        if (!File.Exists(Socket))
        {
            Dispose();
            throw new InvalidOperationException("podman system service did not create " + Socket);
        }
    }

    public string Socket { get; }

    public string Address => "unix://" + Socket;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
        File.Delete(Socket);
    }
}
