using System.Diagnostics;
using System.Runtime.InteropServices;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Typed;
using ModelSdk.ContractModel;
using SkiaSharp;

// Usage: TypedInputBench MODEL.onnx [runs]. For two 640x480 JPEGs (a smooth, photo-like picture and a noisy one
// that is hard to decode), times decoding, preprocessing to 224x224 FP32 NCHW (crop + resize + normalize) and the
// model's run, interleaved in each round so that load from other processes hits all three alike. One thread for
// ONNX Runtime and for ours. Reports medians of the calling thread's CPU time (CLOCK_THREAD_CPUTIME_ID: what the
// work costs, whatever else runs on the machine) and of wall time.
var modelPath = args[0];
var runs = args.Length > 1 ? int.Parse(args[1]) : 30;
var pre = new PreprocessingDetails
{
    InputWidth = 224,
    InputHeight = 224,
    Mean = [123.675, 116.28, 103.53],
    ScaleFactor = 1 / 58.4,
    SwapRB = true,
    Crop = true,
};
using var session = new InferenceSession(modelPath, new SessionSettings(IntraOpThreads: 1));
var layout = ImageInputLayout.Of(session.Inputs[0], pre)!;
Console.WriteLine($"runs {runs}; medians in ms, thread CPU (wall)");
foreach (var (name, jpeg) in new[] { ("smooth", Photo(640, 480, noisy: false)), ("noisy", Photo(640, 480, true)) })
{
    var times = new double[4][];
    var walls = new double[4][];
    for (var k = 0; k < 4; k++)
        (times[k], walls[k]) = (new double[runs], new double[runs]);
    DecodedImage? decoded = null;
    Tensor tensor = null!;
    Action[] steps =
    [
        () =>
        {
            decoded?.Dispose();
            decoded = ImageDecoder.Decode(jpeg, "photo");
        },
        () => tensor = ImagePipeline.Build(layout, pre, [decoded!]).Tensor,
        () => session.Run([new("image", tensor)], [session.Outputs[0].Name]),
        () => SkiaOnly(jpeg),
    ];
    // Warm-up: the JIT compiles a method's optimized code only after 30 calls and a pause (tiered compilation), so
    // timing from the first call measured the first picture's preprocessing unoptimized.
    for (var i = 0; i < 60; i++)
        foreach (var step in steps)
            step();
    Thread.Sleep(500);
    for (var i = 0; i < runs; i++)
    for (var k = 0; k < steps.Length; k++)
        (times[k][i], walls[k][i]) = Clock.Time(steps[k]);
    var (decode, preprocess, model) = (Median(times[0]), Median(times[1]), Median(times[2]));
    Console.WriteLine(
        $"{name} jpeg {jpeg.Length} bytes: decode {decode:0.00} ({Median(walls[0]):0.00})  "
            + $"preprocess {preprocess:0.00} ({Median(walls[1]):0.00})  model {model:0.00} ({Median(walls[2]):0.00})  "
            + $"decode+preprocess = {100 * (decode + preprocess) / model:0.0}% of the model (CPU), "
            + $"{100 * (Median(walls[0]) + Median(walls[1])) / Median(walls[2]):0.0}% (wall); "
            + $"of the decode, SkiaSharp's own RGBA decode {Median(times[3]):0.00} ({Median(walls[3]):0.00})"
    );
}

// The part of the decode that is SkiaSharp's (libjpeg-turbo) alone, into RGBA, without our BGR conversion.
static void SkiaOnly(byte[] jpeg)
{
    using var codec = SKCodec.Create(new SKMemoryStream(jpeg));
    using var bitmap = new SKBitmap(
        new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul)
    );
    codec.GetPixels(bitmap.Info, bitmap.GetPixels());
}

static double Median(double[] values)
{
    var sorted = values.Order().ToArray();
    return sorted[sorted.Length / 2];
}

static byte[] Photo(int width, int height, bool noisy)
{
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
                    (byte)(128 + 100 * Math.Sin(x / 40.0) * Math.Cos(y / 60.0)),
                    (byte)(y * 200 / height + random.Next(8)),
                    (byte)(90 + 60 * Math.Cos((x + y) / 90.0))
                )
        );
    if (!noisy)
    {
        using var canvas = new SKCanvas(bitmap);
        using var paint = new SKPaint { IsAntialias = true };
        for (var i = 0; i < 12; i++)
        {
            paint.Color = new SKColor((byte)(i * 20), (byte)(255 - i * 15), (byte)(i * 37 % 256));
            canvas.DrawCircle(50 + i * 47, 100 + i * 23 % 300, 20 + i * 3, paint);
        }
    }
    return bitmap.Encode(SKEncodedImageFormat.Jpeg, 90).ToArray();
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
