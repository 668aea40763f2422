using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ModelRuntime.Tests.Support;

/// <summary>
/// The runtime over a contract.json with extra settings (environment-style keys): hosted in process, or, when
/// MODEL_RUNTIME_EXECUTABLE names a published runtime (e.g. the NativeAOT one), started as that process.
/// </summary>
internal sealed class RuntimeFactory : IDisposable
{
    private readonly InProcess? _inProcess;
    private readonly RuntimeProcess? _process;

    public RuntimeFactory(string contractPath, IReadOnlyDictionary<string, string>? settings = null)
    {
        if (RuntimeProcess.Executable is null)
        {
            _inProcess = new InProcess(contractPath, settings);
            return;
        }
        _process = new RuntimeProcess(contractPath, settings);
        _process.WaitUntilLiveAsync().GetAwaiter().GetResult();
    }

    /// <summary>A client for REST and gRPC alike (a process gets each on its own port).</summary>
    public HttpClient CreateClient() => _inProcess?.CreateClient() ?? _process!.CreateClient();

    /// <summary>Always in process, for tests that read the runtime's services (e.g. a served model's session).</summary>
    public static WebApplicationFactory<Program> CreateInProcess(
        string contractPath,
        IReadOnlyDictionary<string, string>? settings = null
    ) => new InProcess(contractPath, settings);

    public void Dispose()
    {
        _inProcess?.Dispose();
        _process?.Dispose();
    }

    private sealed class InProcess(string contractPath, IReadOnlyDictionary<string, string>? settings)
        : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("MODEL_CONTRACT", contractPath);
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
                builder.UseSetting(key, value);
        }
    }
}
