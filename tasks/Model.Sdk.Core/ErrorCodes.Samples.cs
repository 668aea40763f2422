namespace ModelSdk;

// Golden samples, measured and declared catalog metadata. Range MODEL0400-0429; the runtime's check command
// reports 0400-0409 and 0413 itself (runtime/Model.Runtime/Check/SampleCodes.cs).
public static partial class ErrorCodes
{
    public const string CatalogValueInvalid = "MODEL0412";
}
