namespace ModelSdk.Contracts;

/// <summary>Validated alwaysAI-style preprocessing metadata; null members were not set.</summary>
public sealed record Preprocessing
{
    public int? InputWidth { get; init; }
    public int? InputHeight { get; init; }
    public IReadOnlyList<double>? Mean { get; init; }
    public double? ScaleFactor { get; init; }
    public bool? SwapRB { get; init; }
    public bool? Crop { get; init; }

    /// <summary>"reduced" (JPEG decoded at a DCT scale); null for Exact, the default.</summary>
    public string? Decode { get; init; }
    public bool? Softmax { get; init; }

    /// <summary>Full path of the colors file in the project.</summary>
    public string? ColorsFile { get; init; }

    public bool IsEmpty => this == new Preprocessing();
}
