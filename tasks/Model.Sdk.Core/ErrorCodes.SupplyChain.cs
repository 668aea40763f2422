namespace ModelSdk;

// SBOM and provenance (supply chain) of images. Range MODEL0320-0339.
public static partial class ErrorCodes
{
    public const string SbomComponentsInvalid = "MODEL0320";
    public const string SbomInputUnreadable = "MODEL0321";
    public const string SupplyChainPropertyInvalid = "MODEL0322";
    public const string ReferrersTagInvalid = "MODEL0323";
}
