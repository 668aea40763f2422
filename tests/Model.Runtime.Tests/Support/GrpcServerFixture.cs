using System.Text.RegularExpressions;
using Grpc.Net.Client;
using ModelRuntime.Grpc.Inference;

namespace ModelRuntime.Tests.Support;

/// <summary>One real runtime process (Kestrel, cleartext HTTP/2) over a classifier, a slow model and a bytes identity.</summary>
public sealed class GrpcServerFixture : IAsyncLifetime
{
    internal RuntimeProcess Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var contract = ContractFolder.Write(
            new TestModel("classifier", TestOnnx.LinearClassifier()),
            new TestModel("slow", TestOnnx.SlowMatMul()),
            new TestModel("bytes", TestOnnx.IdentityBytes())
        );
        Server = new RuntimeProcess(
            contract,
            new Dictionary<string, string>
            {
                ["MODEL_MAX_REQUEST_BYTES"] = (80 << 20).ToString(),
                ["Logging__LogLevel__Default"] = "Information",
            }
        );
        await Server.WaitUntilLiveAsync();
    }

    public GRPCInferenceService.GRPCInferenceServiceClient Client(GrpcChannel? channel = null) =>
        new(channel ?? Channel());

    public GrpcChannel Channel() =>
        GrpcChannel.ForAddress(
            $"http://127.0.0.1:{Server.GrpcPort}",
            new GrpcChannelOptions { MaxReceiveMessageSize = null, MaxSendMessageSize = null }
        );

    /// <summary>A per-model or server-wide value from /metrics.</summary>
    public async Task<long> MetricAsync(string name, string? model = null)
    {
        var text = await Server.Rest.GetStringAsync("/metrics");
        var label = model is null ? "" : $@"\{{model=""{model}""\}}";
        var match = Regex.Match(text, $@"^{name}{label} (\d+)$", RegexOptions.Multiline);
        return match.Success ? long.Parse(match.Groups[1].Value) : throw new KeyNotFoundException($"{name}:\n{text}");
    }

    public Task DisposeAsync()
    {
        Server.Dispose();
        return Task.CompletedTask;
    }
}
