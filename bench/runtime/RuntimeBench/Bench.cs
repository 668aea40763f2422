using Microsoft.ML.OnnxRuntime;

namespace RuntimeBench;

/// <summary>A cell of the table: one target, protocol and batching setting at one concurrency for one model.</summary>
internal sealed record Cell(string Model, int Concurrency, string Target, string Protocol, string Batching);

/// <summary>One run's measurement of a cell; null when the target does not support the protocol (n/a).</summary>
internal sealed record Sample(Cell Cell, int Run, LoadResult? Result);

/// <summary>One pass over the whole table: every server started fresh, then cells model by model, concurrency by concurrency.</summary>
internal sealed class Bench(BenchOptions options, string work, string contract, List<Sample> samples)
{
    public const string Floor = "in-process ONNX Runtime";
    public const string Node = "onnxruntime-node + node:http";
    public static readonly string[] Protocols = ["REST JSON", "REST binary", "gRPC"];

    public async Task RunAsync(int run, IReadOnlyDictionary<string, InferenceSession> floorSessions)
    {
        var servers = new List<Server>();
        try
        {
            foreach (var (label, dir) in options.Runtimes)
                servers.Add(await Server.StartRuntime(label, dir, contract));
            Server? node = null;
            if (options.NodeScript is not null)
                servers.Add(
                    node = await Server.StartNode(options.NodeScript, Path.Combine(work, "files"), options.Models)
                );
            var random = new Random(7);
            foreach (var model in options.Models)
            {
                var row = Enumerable
                    .Range(0, BenchModels.Features(model))
                    .Select(_ => (float)random.NextDouble())
                    .ToArray();
                foreach (var c in options.Concurrencies)
                {
                    await FloorCell(run, model, c, floorSessions[model], row);
                    if (node is not null)
                        await NodeCell(run, model, c, node, row);
                    foreach (var server in servers.Where(s => s != node))
                        await RuntimeCells(run, model, c, server, row);
                }
            }
        }
        finally
        {
            foreach (var server in servers)
                server.Dispose();
        }
    }

    private async Task FloorCell(int run, string model, int c, InferenceSession session, float[] row)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(row, [1, row.Length]);
        using var runOptions = new RunOptions();
        string[] inputNames = ["input"];
        string[] outputNames = ["probabilities"];
        OrtValue[] inputs = [input];
        await Measure(
            new Cell(model, c, Floor, "-", "-"),
            run,
            () =>
            {
                using var outputs = session.Run(runOptions, inputNames, inputs, outputNames);
                return Task.FromResult(outputs.Count == 1);
            }
        );
    }

    private async Task NodeCell(int run, string model, int c, Server node, float[] row)
    {
        using var client = Clients.Rest(node.RestPort);
        var body = new Requests(model, row).Json;
        await Measure(
            new Cell(model, c, Node, "REST JSON", "off"),
            run,
            () => Clients.PostJson(client, $"/v2/models/{model}/infer", body)
        );
    }

    private async Task RuntimeCells(int run, string model, int c, Server server, float[] row)
    {
        using var rest = Clients.Rest(server.RestPort);
        using var grpc = Clients.Grpc(server.GrpcPort!.Value);
        var binary = await server.HasExtensionAsync(rest, "binary_tensor_data");
        foreach (var protocol in Protocols)
        {
            foreach (var batched in new[] { false, true })
            {
                var name = batched ? $"{model}_batched" : model;
                var cell = new Cell(model, c, server.Label, protocol, batched ? "on" : "off");
                var requests = new Requests(name, row);
                var path = $"/v2/models/{name}/infer";
                Func<Task<bool>>? call = protocol switch
                {
                    "REST JSON" => () => Clients.PostJson(rest, path, requests.Json),
                    "REST binary" when binary => () =>
                        Clients.PostBinary(rest, path, requests.Binary, requests.BinaryHeaderLength),
                    "gRPC" => () => Clients.GrpcInfer(grpc, requests.GrpcFrame),
                    _ => null,
                };
                if (call is null)
                    samples.Add(new Sample(cell, run, null));
                else
                    await Measure(cell, run, call);
            }
        }
    }

    private async Task Measure(Cell cell, int run, Func<Task<bool>> call)
    {
        var result = await LoadRunner.RunAsync(cell.Concurrency, options.Warmup, options.Duration, call);
        samples.Add(new Sample(cell, run, result));
        Console.WriteLine(
            $"run {run} {cell.Model} c={cell.Concurrency} {cell.Target} {cell.Protocol} batching {cell.Batching}: "
                + $"p50 {result.P50Ms:F3} ms, p99 {result.P99Ms:F3} ms, {result.Throughput:F0} req/s, {result.Requests} requests, {result.Errors} errors"
        );
    }
}
