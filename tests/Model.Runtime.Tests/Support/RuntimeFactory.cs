using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ModelRuntime.Tests.Support;

/// <summary>The runtime hosted in process over a contract.json, with extra settings (environment-style keys).</summary>
internal sealed class RuntimeFactory(string contractPath, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("MODEL_CONTRACT", contractPath);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            builder.UseSetting(key, value);
    }
}
