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
