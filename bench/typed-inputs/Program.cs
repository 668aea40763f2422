using System.Diagnostics;
using System.Runtime.InteropServices;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Typed;
using ModelSdk.ContractModel;
using SkiaSharp;

// Usage: TypedInputBench MODEL.onnx [runs] [JPEG-DIR]. For a smooth, photo-like JPEG and a noisy one (hard to
// decode) at 640x480, 1920x1080 and 4032x3024, times decoding (ModelImageDecode Exact and Reduced), preprocessing to
// 224x224 FP32 NCHW (crop + resize + normalize) and the model's run, interleaved in each round so that load from
// other processes hits all three alike. One thread for ONNX Runtime and for ours. Reports medians of the calling
// thread's CPU time (CLOCK_THREAD_CPUTIME_ID: what the work costs, whatever else runs on the machine) and of wall
// time. With JPEG-DIR, the pictures are written there (for cv2_decode.py).
var modelPath = args[0];
var runs = args.Length > 1 ? int.Parse(args[1]) : 30;
var jpegDir = args.Length > 2 ? args[2] : null;
var exact = new PreprocessingDetails
{
    InputWidth = 224,
    InputHeight = 224,
    Mean = [123.675, 116.28, 103.53],
    ScaleFactor = 1 / 58.4,
    SwapRB = true,
    Crop = true,
};
var reduced = exact with { Decode = PreprocessingDetails.ReducedDecode };
using var session = new InferenceSession(modelPath, new SessionSettings(IntraOpThreads: 1));
var layout = ImageInputLayout.Of(session.Inputs[0], exact)!;
var pictures = new List<(string Name, byte[] Jpeg)>();
foreach (var (w, h) in new[] { (640, 480), (1920, 1080), (4032, 3024) })
foreach (var noisy in new[] { false, true })
    pictures.Add(($"{(noisy ? "noisy" : "smooth")} {w}x{h}", Photo(w, h, noisy)));
if (jpegDir is not null)
    foreach (var (name, jpeg) in pictures)
        File.WriteAllBytes(Path.Combine(jpegDir, name.Replace(' ', '_') + ".jpg"), jpeg);

// Warm-up: the JIT compiles a method's optimized code only after 30 calls and a pause (tiered compilation), so
// timing from the first call measured the first picture's preprocessing unoptimized.
for (var i = 0; i < 40; i++)
    foreach (var pre in new[] { exact, reduced })
        Case.Measure(session, layout, pre, pictures[0].Jpeg, 1);
Thread.Sleep(500);

// MODEL_JPEG_DECODER=skia forces Skia's decoder; otherwise TurboJPEG when libturbojpeg.so.0 loads.
var decoder = ImageDecoder.TurboJpegUnavailable is null ? "TurboJPEG" : "Skia";
Console.WriteLine($"runs {runs}; medians in ms of thread CPU (wall); model = the model's own run, one thread");
Console.WriteLine(
    "| picture | KB | mode | decoder | decoded | decode | preprocess | model | (decode + preprocess) / model |"
);
Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
foreach (var (name, jpeg) in pictures)
foreach (var (mode, pre) in new[] { ("Exact", exact), ("Reduced", reduced) })
{
    Case.Measure(session, layout, pre, jpeg, 3);
    var r = Case.Measure(session, layout, pre, jpeg, runs);
    Console.WriteLine(
        $"| {name} | {jpeg.Length / 1024} | {mode} | {decoder} | {r.Size} | {r.Decode} | {r.Preprocess} | {r.Model} | "
            + $"{100 * (r.Decode.Cpu + r.Preprocess.Cpu) / r.Model.Cpu:0} % ({100 * (r.Decode.Wall + r.Preprocess.Wall) / r.Model.Wall:0} %) |"
    );
}

static byte[] Photo(int width, int height, bool noisy)
{
    // The smooth picture is the same scene at every size (coordinates scaled to 640 wide), as a camera would give.
    var k = 640.0 / width;
    using var bitmap = new SKBitmap(width, height);
    var random = new Random(1);
    for (var y = 0; y < height; y++)
    for (var x = 0; x < width; x++)
        bitmap.SetPixel(
            x,
            y,
            noisy
                ? new SKColor((byte)(x * 255 / width), (byte)(y * 255 / height), (byte)random.Next(256))
                : new SKColor(
                    (byte)(128 + 100 * Math.Sin(x * k / 40.0) * Math.Cos(y * k / 60.0)),
                    (byte)(y * 200 / height + random.Next(8)),
                    (byte)(90 + 60 * Math.Cos((x + y) * k / 90.0))
                )
        );
    if (!noisy)
    {
        using var canvas = new SKCanvas(bitmap);
        using var paint = new SKPaint { IsAntialias = true };
        for (var i = 0; i < 12; i++)
        {
            paint.Color = new SKColor((byte)(i * 20), (byte)(255 - i * 15), (byte)(i * 37 % 256));
            canvas.DrawCircle(
                (float)((50 + i * 47) / k),
                (float)((100 + i * 23 % 300) / k),
                (float)((20 + i * 3) / k),
                paint
            );
        }
    }
    return bitmap.Encode(SKEncodedImageFormat.Jpeg, 90).ToArray();
}

internal readonly record struct Time(double Cpu, double Wall)
{
    public override string ToString() => $"{Cpu:0.00} ({Wall:0.00})";
}

internal sealed record Case(Time Decode, Time Preprocess, Time Model, string Size)
{
    public static Case Measure(
        InferenceSession session,
        ImageInputLayout layout,
        PreprocessingDetails pre,
        byte[] jpeg,
        int runs
    )
    {
        var samples = new (double Cpu, double Wall)[3][];
        for (var k = 0; k < 3; k++)
            samples[k] = new (double, double)[runs];
        var reduceTo = ImagePipeline.ReduceTo(layout, pre);
        var size = "";
        for (var i = 0; i < runs; i++)
        {
            DecodedImage decoded = null!;
            Tensor tensor = null!;
            samples[0][i] = Clock.Time(() => decoded = ImageDecoder.Decode(jpeg, "photo", reduceTo));
            samples[1][i] = Clock.Time(() => tensor = ImagePipeline.Build(layout, pre, [decoded]).Tensor);
            samples[2][i] = Clock.Time(() => session.Run([new("image", tensor)], [session.Outputs[0].Name]));
            TensorBuffers.Return([tensor]); // as the runtime does once a run has ended
            size = $"{decoded.Width}x{decoded.Height}";
            decoded.Dispose();
        }
        return new(Median(samples[0]), Median(samples[1]), Median(samples[2]), size);
    }

    private static Time Median((double Cpu, double Wall)[] values) =>
        new(
            values.Select(v => v.Cpu).Order().ElementAt(values.Length / 2),
            values.Select(v => v.Wall).Order().ElementAt(values.Length / 2)
        );
}

internal static class Clock
{
    private const int ThreadCpu = 3; // CLOCK_THREAD_CPUTIME_ID

    public static (double CpuMs, double WallMs) Time(Action action)
    {
        var cpu = Now();
        var wall = Stopwatch.GetTimestamp();
        action();
        return ((Now() - cpu) / 1e6, Stopwatch.GetElapsedTime(wall).TotalMilliseconds);
    }

    private static long Now()
    {
        clock_gettime(ThreadCpu, out var t);
        return t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clock, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
