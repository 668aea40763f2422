using System.Diagnostics;
using ModelRuntime.OnnxRuntime;
using ModelSdk.Onnx;

// Usage: ContractBench <read|ort-open> <model.onnx> <repetitions>
// Prints the median milliseconds of one operation; the first run is a warm-up and is not counted.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: ContractBench <read|ort-open> <model.onnx> <repetitions>");
    return 2;
}

var path = args[1];
var repetitions = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
Action operation = args[0] switch
{
    "read" => () => OnnxReader.Read(path),
    "ort-open" => () =>
    {
        using var session = new InferenceSession(path);
    },
    _ => throw new ArgumentException($"unknown operation {args[0]}"),
};

operation();
var times = new List<double>();
for (var i = 0; i < repetitions; i++)
{
    var watch = Stopwatch.StartNew();
    operation();
    times.Add(watch.Elapsed.TotalMilliseconds);
}
times.Sort();
Console.WriteLine(times[times.Count / 2].ToString("F3", System.Globalization.CultureInfo.InvariantCulture));
return 0;
