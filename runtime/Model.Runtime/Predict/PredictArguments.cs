namespace ModelRuntime.Predict;

/// <summary>
/// <c>predict &lt;file|folder|file.jsonl&gt;... --output predictions.jsonl [--model NAME] [--batch-size N]
/// [--contract PATH]</c>, parsed; <see cref="Error"/> says what is wrong with a command line that does not fit.
/// </summary>
public sealed record PredictArguments(
    IReadOnlyList<string> Inputs,
    string Output,
    string? Model,
    int? BatchSize,
    string? Contract,
    string? Error
)
{
    public const string Usage =
        "usage: predict <file|folder|file.jsonl>... --output predictions.jsonl [--model NAME] [--batch-size N] [--contract contract.json]";

    public static PredictArguments Parse(IReadOnlyList<string> args)
    {
        var inputs = new List<string>();
        string? output = null,
            model = null,
            contract = null;
        int? batch = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                inputs.Add(arg);
                continue;
            }
            var (name, value) = arg.Contains('=')
                ? (arg[..arg.IndexOf('=')], arg[(arg.IndexOf('=') + 1)..])
                : (arg, null);
            if (name is not ("--output" or "-o" or "--model" or "--batch-size" or "--contract"))
                return Fail($"unknown option '{name}'");
            value ??= i + 1 < args.Count ? args[++i] : null;
            if (value is null)
                return Fail($"option '{name}' needs a value");
            switch (name)
            {
                case "--output":
                    output = value;
                    break;
                case "--model":
                    model = value;
                    break;
                case "--contract":
                    contract = value;
                    break;
                default:
                    if (!int.TryParse(value, out var n) || n < 1)
                        return Fail($"--batch-size must be a whole number of at least 1, not '{value}'");
                    batch = n;
                    break;
            }
        }
        if (inputs.Count == 0)
            return Fail("give at least one image file, folder of images or .jsonl file of records");
        if (output is null)
            return Fail("give --output predictions.jsonl (re-running with the same file resumes)");
        return new PredictArguments(inputs, output, model, batch, contract, null);
    }

    private static PredictArguments Fail(string error) => new([], "", null, null, null, error);
}
