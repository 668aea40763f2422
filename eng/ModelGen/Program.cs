using System.Globalization;
using ModelSdk.Testing;

const string Usage = """
    Usage: dotnet run --project eng/ModelGen -- <kind> <output.onnx> [options]

    Kinds:
      classifier                      linear classifier: input FP32 [batch,4] -> probabilities FP32 [batch,3]
                                      (opset 13, IR 8; the model the aimodel template ships)
      large <bytes> [--real-bytes]    one uint8 initializer of <bytes> bytes (suffixes K, M, G allowed).
                                      Sparse by default (no disk used); --real-bytes writes deterministic
                                      pseudo-random bytes, for benchmarks that must really read the disk.
      ssd-detector                    image [batch,3,64,64] -> TF object-detection-API outputs (constant boxes)
      yolov8-detector                 image [batch,3,64,64] -> YOLOv8 [batch,4+2,8] (constant boxes)
      yolov5-detector                 image [batch,3,64,64] -> YOLOv5 [batch,8,5+2] (constant boxes)
      segmenter [nchw|nhwc|argmax]    image [batch,3,8,8] -> a constant 4x4 map of 3 classes (default nchw)
      image-identity                  image [batch,3,H,W] -> the same tensor (an image-to-image model)
                                      (the vision models' known answers: tests/Model.Sdk.Testing/Onnx/VisionModels.cs)

    The same arguments always write the same bytes.
    """;

try
{
    return Run(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(Usage);
    return 2;
}

static int Run(string[] args)
{
    if (args.Length == 0 || args[0] is "-h" or "--help")
    {
        Console.WriteLine(Usage);
        return args.Length == 0 ? 2 : 0;
    }
    switch (args[0])
    {
        case "classifier" when args.Length == 2:
            Console.WriteLine(OnnxModels.LinearClassifier().Save(args[1]));
            return 0;
        case "large" when args.Length is 3 or 4:
            var real =
                args.Length == 4
                    ? args[3] == "--real-bytes"
                        ? true
                        : throw new ArgumentException($"unknown option '{args[3]}'")
                    : false;
            Console.WriteLine(OnnxModels.Large(ParseSize(args[2]), real).Save(args[1]));
            return 0;
        case "ssd-detector" when args.Length == 2:
            Console.WriteLine(VisionModels.SsdDetector().Save(args[1]));
            return 0;
        case "yolov8-detector" when args.Length == 2:
            Console.WriteLine(VisionModels.Yolov8Detector().Save(args[1]));
            return 0;
        case "yolov5-detector" when args.Length == 2:
            Console.WriteLine(VisionModels.Yolov5Detector().Save(args[1]));
            return 0;
        case "segmenter" when args.Length is 2 or 3:
            Console.WriteLine(VisionModels.Segmenter(args.Length == 3 ? args[2] : "nchw").Save(args[1]));
            return 0;
        case "image-identity" when args.Length == 2:
            Console.WriteLine(VisionModels.ImageIdentity().Save(args[1]));
            return 0;
        default:
            throw new ArgumentException($"unknown kind or wrong arguments: {string.Join(' ', args)}");
    }
}

static long ParseSize(string text)
{
    var multiplier = char.ToUpperInvariant(text[^1]) switch
    {
        'K' => 1L << 10,
        'M' => 1L << 20,
        'G' => 1L << 30,
        _ => 1L,
    };
    var digits = multiplier == 1 ? text : text[..^1];
    if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
        throw new ArgumentException($"'{text}' is not a positive byte count");
    return checked(value * multiplier);
}
