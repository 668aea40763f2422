namespace ModelSdk;

/// <summary>Typed outputs (MODEL0150-0159): what the runtime needs to turn outputs into predictions.</summary>
public static partial class ErrorCodes
{
    public const string UnknownArchitecture = "MODEL0150";
    public const string DetectorWithoutArchitecture = "MODEL0151";
}
