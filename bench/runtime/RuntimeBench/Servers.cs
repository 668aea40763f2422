using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace RuntimeBench;

/// <summary>A server process under test on loopback (a Model.Runtime build or the node peer), killed on dispose.</summary>
internal sealed class Server : IDisposable
{
    private readonly Process _process;

    private Server(string label, Process process, int restPort, int? grpcPort, double readyMs)
    {
        Label = label;
        _process = process;
        RestPort = restPort;
        GrpcPort = grpcPort;
        ReadyMs = readyMs;
    }

    public string Label { get; }
    public int RestPort { get; }
    public int? GrpcPort { get; }

    /// <summary>Process start to the first 200 from /v2/health/ready.</summary>
    public double ReadyMs { get; }

    public static Task<Server> StartRuntime(string label, string runtimeDir, string contract)
    {
        var (rest, grpc) = (FreePort(), FreePort());
        var environment = new Dictionary<string, string>
        {
            ["MODEL_CONTRACT"] = contract,
            ["MODEL_PORT"] = rest.ToString(),
            ["MODEL_GRPC_PORT"] = grpc.ToString(),
            ["MODEL_BIND_ADDRESS"] = "127.0.0.1",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        return StartAsync(label, Path.Combine(runtimeDir, "Model.Runtime"), [], environment, rest, grpc);
    }

    public static Task<Server> StartNode(string script, string modelFolder, IEnumerable<string> models)
    {
        var port = FreePort();
        string[] arguments = [script, port.ToString(), modelFolder, string.Join(",", models)];
        return StartAsync("onnxruntime-node", "node", arguments, [], port, null);
    }

    /// <summary>Whether GET /v2 lists the binary tensor data extension.</summary>
    public async Task<bool> HasExtensionAsync(HttpClient client, string extension)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync("/v2"));
        return document.RootElement.TryGetProperty("extensions", out var list)
            && list.EnumerateArray().Any(e => e.GetString() == extension);
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }

    private static async Task<Server> StartAsync(
        string label,
        string file,
        string[] arguments,
        Dictionary<string, string> environment,
        int restPort,
        int? grpcPort
    )
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                Console.Error.WriteLine($"[{label}] {e.Data}");
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new Server(label, process, restPort, grpcPort, 0);
        try
        {
            await WaitReady(restPort, process);
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return new Server(label, process, restPort, grpcPort, clock.Elapsed.TotalMilliseconds);
    }

    private static async Task WaitReady(int port, Process process)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode}");
            try
            {
                using var response = await client.GetAsync("/v2/health/ready");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(1);
        }
        throw new TimeoutException($"port {port} never became ready");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
