using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ModelRuntime.Tests.Support;

/// <summary>The built Model.Runtime as a real process on 127.0.0.1 with free ports; killed if a test leaves it running.</summary>
internal sealed class RuntimeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();

    public RuntimeProcess(string contractPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        RestPort = ModelSdk.Testing.FreePort.Next();
        GrpcPort = ModelSdk.Testing.FreePort.Next();
        var start = Executable is { } executable
            ? new ProcessStartInfo(executable)
            : new ProcessStartInfo("dotnet", [RuntimeDll()]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["MODEL_CONTRACT"] = contractPath;
        start.Environment["MODEL_PORT"] = RestPort.ToString();
        start.Environment["MODEL_GRPC_PORT"] = GrpcPort.ToString();
        start.Environment["MODEL_BIND_ADDRESS"] = "127.0.0.1";
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) =>
        {
            lock (_stdout)
                _stdout.AppendLine(e.Data);
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stdout)
                _stdout.AppendLine(e.Data);
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Rest = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{RestPort}") };
        Grpc = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{GrpcPort}") };
    }

    /// <summary>A published runtime to run instead of the built Model.Runtime.dll (MODEL_RUNTIME_EXECUTABLE).</summary>
    public static string? Executable { get; } =
        Environment.GetEnvironmentVariable("MODEL_RUNTIME_EXECUTABLE") is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : null;

    public int RestPort { get; }
    public int GrpcPort { get; }
    public HttpClient Rest { get; }
    public HttpClient Grpc { get; }
    public int Id => _process.Id;
    public Process Process => _process;

    public string Output
    {
        get
        {
            lock (_stdout)
                return _stdout.ToString();
        }
    }

    /// <summary>A client for REST and gRPC alike: gRPC calls (content type application/grpc) go to the gRPC port.</summary>
    public HttpClient CreateClient() =>
        new(new PortRouter(RestPort, GrpcPort)) { BaseAddress = new Uri($"http://127.0.0.1:{RestPort}") };

    private sealed class PortRouter(int restPort, int grpcPort) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancel)
        {
            var grpc = request.Content?.Headers.ContentType?.MediaType?.StartsWith("application/grpc") == true;
            request.RequestUri = new UriBuilder(request.RequestUri!) { Port = grpc ? grpcPort : restPort }.Uri;
            return base.SendAsync(request, cancel);
        }
    }

    /// <summary>Polls until the server answers on /v2/health/live (or the process exits).</summary>
    public async Task WaitUntilLiveAsync()
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"runtime exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await Rest.GetAsync("/v2/health/live");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"runtime did not come up:\n{Output}");
    }

    private static string RuntimeDll()
    {
        // tests/Model.Runtime.Tests/bin/<Configuration>/net10.0 -> runtime/Model.Runtime/bin/<Configuration>/net10.0
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var configuration = testBin.Parent!.Name;
        var root = testBin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(
            root,
            "runtime",
            "Model.Runtime",
            "bin",
            configuration,
            testBin.Name,
            "Model.Runtime.dll"
        );
        return File.Exists(dll) ? dll : Path.Combine(AppContext.BaseDirectory, "Model.Runtime.dll");
    }

    public void Dispose()
    {
        Rest.Dispose();
        Grpc.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
