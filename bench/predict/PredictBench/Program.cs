using System.Diagnostics;
using System.Globalization;
using System.Text;
using ModelRuntime.OnnxRuntime;
using ModelSdk.Onnx;
using ModelSdk.Testing;

// Usage: PredictBench <work dir> <rows> <batch size> <hidden width> <runtime command...>
// Writes an MLP model (FP32 [batch,64] -> hidden -> hidden -> 10, ReLU), its contract and <rows> JSONL records, then
// times (1) ONNX Runtime in-process over the same rows in batches of <batch size> (pre-made tensors: the floor) and
// (2) "<runtime command> predict records.jsonl --output p.jsonl --batch-size N" as a whole process, best of 3 each,
// and the same command over the first 1% of the rows: the difference is the command's cost for the other 99%
// without its start-up (process, model load), compared with the floor's time for as many rows ("steady"). "Whole"
// compares the whole command with the floor's session creation plus its runs (the floor's process start is not in).
var work = Path.GetFullPath(args[0]);
var rows = int.Parse(args[1], CultureInfo.InvariantCulture);
var batch = int.Parse(args[2], CultureInfo.InvariantCulture);
var hidden = int.Parse(args[3], CultureInfo.InvariantCulture);
var runtime = args[4..];
Directory.CreateDirectory(Path.Combine(work, "files"));
var modelPath = Path.Combine(work, "files", "mlp.onnx");
Mlp(hidden).Save(modelPath);
File.WriteAllText(
    Path.Combine(work, "contract.json"),
    $$$"""
    {"formatVersion":1,"models":[{"name":"mlp","versions":["1"],"platform":"onnx_onnxv1",
     "inputs":[{"name":"x","datatype":"FP32","shape":[-1,64]}],"outputs":[{"name":"y","datatype":"FP32","shape":[-1,10]}]}],
     "modelDetails":[{"name":"mlp","file":"files/mlp.onnx","batching":{"maxBatchSize":{{{batch}}},"maxQueueDelayMs":0}}]}
    """
);
var data = new float[rows * 64];
for (var i = 0; i < data.Length; i++)
    data[i] = (i * 7919 % 1000) / 1000f - 0.5f;
var jsonl = new StringBuilder();
for (var r = 0; r < rows; r++)
    jsonl
        .Append('[')
        .AppendJoin(",", data.AsSpan(r * 64, 64).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture)))
        .Append("]\n");
File.WriteAllText(Path.Combine(work, "records.jsonl"), jsonl.ToString());
var few = rows / 100;
File.WriteAllLines(Path.Combine(work, "few.jsonl"), File.ReadLines(Path.Combine(work, "records.jsonl")).Take(few));

var floors = Enumerable.Range(0, 3).Select(_ => InProcess(modelPath, data, rows, batch)).ToArray();
var commands = Enumerable.Range(0, 3).Select(_ => Predict(work, runtime, batch, "records.jsonl")).ToArray();
var starts = Enumerable.Range(0, 3).Select(_ => Predict(work, runtime, batch, "few.jsonl")).ToArray();
var (floor, floorCpu, load) = floors.MinBy(f => f.Wall);
var (command, commandCpu) = commands.MinBy(c => c.Wall);
var (start, _) = starts.MinBy(c => c.Wall);
var steady = (floor * (rows - few) / rows) / (command - start);

// CPU seconds (user + sys) say what the work costs; wall seconds on a loaded machine add the time spent runnable but
// not running (few voluntary context switches: the process does not sleep, it waits for a core).
Console.WriteLine(
    string.Create(
        CultureInfo.InvariantCulture,
        $"| {hidden} | {rows} | {batch} | {load:0.000} | {floor:0.000} | {rows / floor:0} | {command:0.000} | {start:0.000} | {rows / command:0} | {(load + floor) / command:0.00}x | {steady:0.00}x | {floorCpu:0.000} | {commandCpu:0.000} | {floorCpu / commandCpu:0.00}x |"
    )
);
return 0;

static (double Wall, double Cpu, double Load) InProcess(string model, float[] data, int rows, int batch)
{
    // ONNX Runtime's own defaults (memory arena on, idle threads spinning), as a program that only runs the model would.
    var loading = Stopwatch.StartNew();
    using var session = new InferenceSession(
        model,
        new SessionSettings(0, 1, GraphOptimizationLevel.All, SpinWhenIdle: true, MemoryArena: true)
    );
    var load = loading.Elapsed.TotalSeconds;
    var tensors = Enumerable
        .Range(0, (rows + batch - 1) / batch)
        .Select(b =>
        {
            var n = Math.Min(batch, rows - b * batch);
            return Tensor.FromArray([n, 64], data.AsSpan(b * batch * 64, n * 64).ToArray());
        })
        .ToArray();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    foreach (var t in tensors)
        session.Run([new("x", t)], ["y"]);
    return (watch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, load);
}

static (double Wall, double Cpu) Predict(string work, string[] runtime, int batch, string records)
{
    File.Delete(Path.Combine(work, "p.jsonl"));
    var info = new ProcessStartInfo("/usr/bin/time")
    {
        WorkingDirectory = work,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    foreach (var a in (string[])["-f", "cpu %U %S"])
        info.ArgumentList.Add(a);
    foreach (var a in runtime)
        info.ArgumentList.Add(a);
    foreach (var a in (string[])["predict", records, "--output", "p.jsonl", "--batch-size", $"{batch}"])
        info.ArgumentList.Add(a);
    info.Environment["MODEL_CONTRACT"] = Path.Combine(work, "contract.json");
    var watch = Stopwatch.StartNew();
    using var process = Process.Start(info)!;
    var stderr = process.StandardError.ReadToEndAsync();
    process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    var wall = watch.Elapsed.TotalSeconds;
    if (process.ExitCode != 0)
        throw new InvalidOperationException($"predict exited with {process.ExitCode}: {stderr.Result}");
    var cpu = stderr.Result.Split('\n').Last(l => l.StartsWith("cpu ", StringComparison.Ordinal)).Split(' ');
    return (
        wall,
        double.Parse(cpu[1], CultureInfo.InvariantCulture) + double.Parse(cpu[2], CultureInfo.InvariantCulture)
    );
}

static OnnxModelBuilder Mlp(int hidden)
{
    float[] Weights(int inputs, int outputs, int seed) =>
        Enumerable
            .Range(0, inputs * outputs)
            .Select(i => ((i * 2654435761L + seed) % 2001 - 1000) / (1000f * MathF.Sqrt(inputs)))
            .ToArray();
    return new OnnxModelBuilder()
        .IrVersion(8)
        .Opset("", 13)
        .FloatInitializer("w1", [64, hidden], Weights(64, hidden, 1))
        .FloatInitializer("w2", [hidden, hidden], Weights(hidden, hidden, 2))
        .FloatInitializer("w3", [hidden, 10], Weights(hidden, 10, 3))
        .Input("x", OnnxElementType.Float, OnnxType.Shape("batch", 64))
        .Node("MatMul", ["x", "w1"], ["h1"])
        .Node("Relu", ["h1"], ["a1"])
        .Node("MatMul", ["a1", "w2"], ["h2"])
        .Node("Relu", ["h2"], ["a2"])
        .Node("MatMul", ["a2", "w3"], ["y"])
        .Output("y", OnnxElementType.Float, OnnxType.Shape("batch", 10));
}
