namespace ModelRuntime.Check;

/// <summary>The codes <c>check</c> reports; documented in docs/errors.md (MODEL0400–0429).</summary>
public static class SampleCodes
{
    public const string OutputDiffers = "MODEL0400";
    public const string LabelDiffers = "MODEL0401";
    public const string BoxesDiffer = "MODEL0402";
    public const string InputMissing = "MODEL0403";
    public const string ExpectedInvalid = "MODEL0404";
    public const string ToleranceInvalid = "MODEL0405";
    public const string InputRejected = "MODEL0406";
    public const string ModelUnknown = "MODEL0407";
    public const string OutputMismatch = "MODEL0408";
    public const string RunnerFailed = "MODEL0409";
    public const string DuplicateName = "MODEL0413";
}

/// <summary>A sample's verdict: passed, or the code and message of why not.</summary>
public sealed record SampleOutcome(string Name, string File, string? Code, string Message)
{
    public bool Passed => Code is null;
    public string? Model { get; init; }
    public string? Expectation { get; init; }
    public double DurationMs { get; init; }

    /// <summary>For a label sample: the expected label and the predicted labels, best first (accuracy).</summary>
    public string? ExpectedLabel { get; init; }
    public IReadOnlyList<string?> PredictedLabels { get; init; } = [];

    public static SampleOutcome Fail(SampleSpec spec, string code, string message) =>
        new(spec.Name, spec.Input, code, message);
}
