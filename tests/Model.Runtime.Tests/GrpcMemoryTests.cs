using System.Runtime.InteropServices;
using Google.Protobuf;
using ModelRuntime.Grpc.Inference;
using ModelRuntime.Tests.Support;
using ModelSdk.Testing;

namespace ModelRuntime.Tests;

/// <summary>
/// Memory after large gRPC requests, against a runtime process of its own: what other tests ran before (slow models,
/// a thousand reset streams) must not move the baseline.
/// </summary>
[Collection(SerialCollection.Name)]
public class GrpcMemoryTests(GrpcServerFixture fixture) : IClassFixture<GrpcServerFixture>
{
    [Fact]
    public async Task Memory_held_by_a_64_mib_request_is_returned_afterwards()
    {
        var client = fixture.Client();
        var request = new ModelInferRequest { ModelName = "bytes" };
        var input = new ModelInferRequest.Types.InferInputTensor { Name = "x", Datatype = "UINT8" };
        input.Shape.Add(64 << 20);
        request.Inputs.Add(input);
        request.RawInputContents.Add(UnsafeByteOperations.UnsafeWrap(new byte[64 << 20]));
        await client.ServerLiveAsync(new ServerLiveRequest());
        var baseline = ResidentMiB();

        for (var i = 0; i < 3; i++)
            Assert.Equal(64 << 20, (await client.ModelInferAsync(request)).RawOutputContents[0].Length);
        var after = ResidentMiB();
        // The reclaimer's collection runs after the answer; on a loaded machine it can take a while to be scheduled.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 200 && after - baseline >= 150; i++)
        {
            await Task.Delay(200);
            after = ResidentMiB();
        }

        Assert.True(
            after - baseline < 150,
            $"resident {baseline} MiB before, {after} MiB after three 64 MiB requests; waited {waited.Elapsed}"
        );
    }

    private long ResidentMiB()
    {
        var status = File.ReadAllLines($"/proc/{fixture.Server.Id}/status");
        var line = status.First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    }
}
