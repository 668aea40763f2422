using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf;
using ModelRuntime.Grpc.Inference;
using ModelRuntime.OnnxRuntime;
using RuntimeBench;

// Usage: RuntimeBench <published runtime dir> <node-server.mjs or -> <results.md> [small requests] [medium requests]
var runtimeDir = Path.GetFullPath(args[0]);
var nodeServer = args[1] == "-" ? null : Path.GetFullPath(args[1]);
var resultsFile = Path.GetFullPath(args[2]);
var smallRequests = args.Length > 3 ? int.Parse(args[3]) : 2000;
var mediumRequests = args.Length > 4 ? int.Parse(args[4]) : 400;
int[] concurrencies = [1, 8, 32];

var work = Directory.CreateTempSubdirectory("runtime-bench-").FullName;
var contract = BenchModels.WriteContract(work);
var restPort = FreePort();
var grpcPort = FreePort();
var nodePort = FreePort();

var started = Stopwatch.StartNew();
using var runtime = Start(
    Path.Combine(runtimeDir, "Model.Runtime"),
    [],
    new()
    {
        ["MODEL_CONTRACT"] = contract,
        ["MODEL_PORT"] = restPort.ToString(),
        ["MODEL_GRPC_PORT"] = grpcPort.ToString(),
        ["MODEL_BIND_ADDRESS"] = "127.0.0.1",
        ["Logging__LogLevel__Default"] = "Warning",
    }
);
using var rest = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 })
{
    BaseAddress = new Uri($"http://127.0.0.1:{restPort}"),
};
await WaitReady(rest, "/v2/health/ready");
var startMs = started.Elapsed.TotalMilliseconds;
Console.WriteLine($"runtime ready after {startMs:F0} ms (process start to /v2/health/ready, 4 models)");

Process? node = null;
HttpClient? nodeClient = null;
if (nodeServer is not null)
{
    node = Start("node", [nodeServer, nodePort.ToString(), Path.Combine(work, "files")], new());
    nodeClient = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{nodePort}"),
    };
    await WaitReady(nodeClient, "/v2/health/ready");
}
using var grpc = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
{
    BaseAddress = new Uri($"http://127.0.0.1:{grpcPort}"),
    DefaultRequestVersion = HttpVersion.Version20,
    DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
};

var results = new List<LoadResult>();
var grpcFailureShown = 0;
var random = new Random(7);
foreach (
    var (model, features, requests) in new[]
    {
        ("small", 4, smallRequests),
        ("medium", BenchModels.MediumFeatures, mediumRequests),
    }
)
{
    var row = Enumerable.Range(0, features).Select(_ => (float)random.NextDouble()).ToArray();
    var json = Encoding.UTF8.GetBytes(
        $"{{\"inputs\":[{{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,{features}],\"data\":[{string.Join(",", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]}}]}}"
    );
    using var session = new InferenceSession(Path.Combine(work, "files", $"{model}.onnx"));
    var tensor = Tensor.FromArray([1, features], row);
    foreach (var c in concurrencies)
    {
        await Measure(
            "in-process ONNX Runtime (floor)",
            model,
            "-",
            "-",
            c,
            requests,
            () => Task.Run(() => session.Run([new("input", tensor)], ["probabilities"]).Length == 1)
        );
        foreach (var batched in new[] { false, true })
        {
            var name = batched ? $"{model}_batched" : model;
            var label = batched ? "on" : "off";
            await Measure(
                "Model.Runtime",
                model,
                "REST",
                label,
                c,
                requests,
                () => PostJson(rest, $"/v2/models/{name}/infer", json)
            );
            var message = GrpcRequest(name, row).ToByteArray();
            await Measure("Model.Runtime", model, "gRPC", label, c, requests, () => GrpcCall(grpc, message));
        }
        if (nodeClient is not null)
            await Measure(
                "onnxruntime-node + node:http",
                model,
                "REST",
                "off",
                c,
                requests,
                () => PostJson(nodeClient, $"/v2/models/{model}/infer", json)
            );
    }
}

node?.Kill(entireProcessTree: true);
runtime.Kill(entireProcessTree: true);
var runtimeBytes = Directory
    .EnumerateFiles(runtimeDir, "*", SearchOption.AllDirectories)
    .Sum(f => new FileInfo(f).Length);
var ortBytes = new FileInfo(Path.Combine(runtimeDir, "libonnxruntime.so")).Length;
var report = new StringBuilder();
report.AppendLine();
report.AppendLine("## Serving runtime");
report.AppendLine();
report.AppendLine(
    $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, loopback, load generator in the same machine. "
        + $"One row per request; {smallRequests} requests per cell for small (linear 4->3), {mediumRequests} for medium (MLP 512->1024->1024->10, 6 MB). "
        + "Batching on = maxBatchSize 32, maxQueueDelayMs 2."
);
report.AppendLine();
report.AppendLine(
    $"- Published runtime (self-contained, trimmed, ReadyToRun, linux-x64): {runtimeBytes / 1048576.0:F1} MiB in total, "
        + $"{(runtimeBytes - ortBytes) / 1048576.0:F1} MiB without libonnxruntime.so ({ortBytes / 1048576.0:F1} MiB)."
);
report.AppendLine($"- Start: process start to /v2/health/ready = {startMs:F0} ms (4 models: 2 small, 2 medium).");
report.AppendLine();
report.AppendLine("| target | model | protocol | batching | concurrency | p50 ms | p99 ms | req/s | errors |");
report.AppendLine("|---|---|---|---|---:|---:|---:|---:|---:|");
foreach (var r in results)
    report.AppendLine(
        $"| {r.Target} | {r.Model} | {r.Protocol} | {r.Batching} | {r.Concurrency} | {r.P50Ms:F3} | {r.P99Ms:F3} | {r.Throughput:F0} | {r.Errors} |"
    );
report.AppendLine();
report.AppendLine("Server overhead over the in-process floor (p50, concurrency 1, batching off):");
report.AppendLine();
foreach (var model in new[] { "small", "medium" })
{
    var floor = results.First(r => r.Model == model && r.Concurrency == 1 && r.Protocol == "-");
    foreach (
        var r in results.Where(r => r.Model == model && r.Concurrency == 1 && r.Batching == "off" && r.Protocol != "-")
    )
        report.AppendLine($"- {model}, {r.Target} {r.Protocol}: +{r.P50Ms - floor.P50Ms:F3} ms");
}
File.AppendAllText(resultsFile, report.ToString());
Console.Write(report);
Directory.Delete(work, recursive: true);
return 0;

async Task Measure(
    string target,
    string model,
    string protocol,
    string batching,
    int concurrency,
    int requests,
    Func<Task<bool>> call
)
{
    var (p50, p99, throughput, errors) = await LoadRunner.RunAsync(concurrency, requests, call);
    var result = new LoadResult(target, model, protocol, batching, concurrency, requests, errors, p50, p99, throughput);
    results.Add(result);
    Console.WriteLine(result);
}

static async Task<bool> PostJson(HttpClient client, string path, byte[] body)
{
    using var content = new ByteArrayContent(body);
    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
    using var response = await client.PostAsync(path, content);
    await response.Content.ReadAsByteArrayAsync();
    return response.IsSuccessStatusCode;
}

static ModelInferRequest GrpcRequest(string model, float[] row)
{
    var request = new ModelInferRequest { ModelName = model };
    var input = new ModelInferRequest.Types.InferInputTensor { Name = "input", Datatype = "FP32" };
    input.Shape.AddRange([1, row.Length]);
    request.Inputs.Add(input);
    request.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(row.AsSpan())));
    return request;
}

async Task<bool> GrpcCall(HttpClient client, byte[] message)
{
    var frame = new byte[5 + message.Length];
    BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
    message.CopyTo(frame, 5);
    using var request = new HttpRequestMessage(HttpMethod.Post, "/inference.GRPCInferenceService/ModelInfer")
    {
        Content = new ByteArrayContent(frame),
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };
    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
    using var response = await client.SendAsync(request);
    var body = await response.Content.ReadAsByteArrayAsync();
    var ok =
        response.TrailingHeaders.TryGetValues("grpc-status", out var status)
        && status.First() == "0"
        && body.Length > 5;
    if (!ok && Interlocked.Exchange(ref grpcFailureShown, 1) == 0)
        Console.Error.WriteLine(
            $"gRPC failure: HTTP {(int)response.StatusCode} {response.Version}, trailers [{string.Join("; ", response.TrailingHeaders.Select(h => $"{h.Key}={string.Join(",", h.Value)}"))}], headers [{string.Join("; ", response.Headers.Select(h => $"{h.Key}={string.Join(",", h.Value)}"))}], {body.Length} bytes"
        );
    return ok;
}

static Process Start(string file, string[] arguments, Dictionary<string, string> environment)
{
    var start = new ProcessStartInfo(file, arguments)
    {
        UseShellExecute = false,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    foreach (var (key, value) in environment)
        start.Environment[key] = value;
    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) =>
    {
        if (e.Data is not null)
            Console.Error.WriteLine($"[{Path.GetFileName(file)}] {e.Data}");
    };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task WaitReady(HttpClient client, string path)
{
    for (var i = 0; i < 3000; i++)
    {
        try
        {
            using var response = await client.GetAsync(path);
            if (response.IsSuccessStatusCode)
                return;
        }
        catch (HttpRequestException) { }
        await Task.Delay(5);
    }
    throw new TimeoutException($"{client.BaseAddress}{path} never became ready");
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
