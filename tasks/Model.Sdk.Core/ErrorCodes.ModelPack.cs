namespace ModelSdk;

// The ModelPack artifact (dotnet build, dotnet publish) and loading into a local engine through its API. Range MODEL0180-0199.
public static partial class ErrorCodes
{
    public const string ModelPackSourceInvalid = "MODEL0180";
    public const string ModelPackPrecisionInvalid = "MODEL0181";
    public const string ModelPackUnwritable = "MODEL0182";
    public const string ModelPackTagInvalid = "MODEL0183";
    public const string LocalEngineUnreachable = "MODEL0185";
    public const string LocalEngineLoadFailed = "MODEL0186";
    public const string LocalEngineTimeout = "MODEL0187";
    public const string LocalEngineSettingInvalid = "MODEL0188";
}
