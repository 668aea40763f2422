namespace ModelSdk;

// dotnet run: the local serving runtime (within the image range). Range MODEL0170-0179.
public static partial class ErrorCodes
{
    public const string RunHostUnsupported = "MODEL0170";
    public const string RunArm64NotYet = "MODEL0171";
    public const string RunNoRuntimeInBaseImage = "MODEL0172";
}
