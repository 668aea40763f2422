using System.Diagnostics;
using ModelRuntime.OnnxRuntime;
using ModelRuntime.Typed;
using ModelSdk.ContractModel;
using SkiaSharp;

// Usage: TypedInputBench MODEL.onnx [runs]. Times (median of runs, one thread of ONNX Runtime and of ours):
// decoding a 640x480 JPEG, preprocessing it to 224x224 FP32 NCHW (resize + normalize), and the model's run.
var modelPath = args[0];
var runs = args.Length > 1 ? int.Parse(args[1]) : 30;
var jpeg = Photo(640, 480);
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
DecodedImage decoded = null!;
Tensor tensor = null!;
var decode = Median(runs, () => decoded = ImageDecoder.Decode(jpeg, "photo"));
var preprocess = Median(runs, () => tensor = ImagePipeline.Build(layout, pre, [decoded]).Tensor);
var model = Median(runs, () => session.Run([new("image", tensor)], [session.Outputs[0].Name]));
Console.WriteLine($"jpeg {jpeg.Length} bytes 640x480; runs {runs}; medians in ms");
Console.WriteLine($"decode {decode:0.00}  preprocess {preprocess:0.00}  model {model:0.00}");
Console.WriteLine($"decode+preprocess = {100 * (decode + preprocess) / model:0.0}% of the model's time");

static double Median(int runs, Action action)
{
    action();
    var times = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
    Array.Sort(times);
    return times[runs / 2];
}

static byte[] Photo(int width, int height)
{
    using var bitmap = new SKBitmap(width, height);
    var random = new Random(1);
    for (var y = 0; y < height; y++)
    for (var x = 0; x < width; x++)
        bitmap.SetPixel(x, y, new SKColor((byte)(x * 255 / width), (byte)(y * 255 / height), (byte)random.Next(256)));
    return bitmap.Encode(SKEncodedImageFormat.Jpeg, 90).ToArray();
}
