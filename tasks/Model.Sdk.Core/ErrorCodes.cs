namespace ModelSdk;

/// <summary>
/// Every code Model.Sdk reports. Codes are stable: never renumber, only add. docs/errors.md explains each one.
/// Ranges: 0001-0099 project and contract, 0100-0199 image, 0200-0299 pack and publish, 0900-0999 warnings.
/// </summary>
public static partial class ErrorCodes
{
    // Project and contract (dotnet build).
    public const string ModelFileMissing = "MODEL0001";
    public const string ModelFileCorrupt = "MODEL0002";
    public const string ContractRequired = "MODEL0003";
    public const string TooManyLabels = "MODEL0004";
    public const string UnknownFramework = "MODEL0005";
    public const string UnknownPurpose = "MODEL0006";
    public const string InvalidVersion = "MODEL0007";
    public const string DuplicateModelName = "MODEL0008";
    public const string InvalidMean = "MODEL0009";
    public const string InvalidNumber = "MODEL0010";
    public const string YamlSyntax = "MODEL0011";
    public const string ContractConflict = "MODEL0012";
    public const string PathEscapesOutput = "MODEL0013";
    public const string InvalidContract = "MODEL0014";
    public const string ReferencedFileMissing = "MODEL0015";
    public const string InvalidParameter = "MODEL0016";
    public const string NoModel = "MODEL0017";
    public const string InvalidModelName = "MODEL0018";
    public const string UnsupportedElementType = "MODEL0019";
    public const string ExternalDataMissing = "MODEL0020";
    public const string InvalidBoolean = "MODEL0021";
    public const string OutputWriteFailed = "MODEL0022";
    public const string DuplicateModelItem = "MODEL0023";
    public const string InputOutsideProject = "MODEL0030";
    public const string InputNotRegularFile = "MODEL0031";
    public const string BuildLocked = "MODEL0032";
    public const string InternalError = "MODEL0099";

    // Warnings.
    public const string NoLabelsForClassification = "MODEL0901";
    public const string FewerLabelsThanClasses = "MODEL0902";
    public const string NonStandardDatatype = "MODEL0903";
    public const string NonTensorValue = "MODEL0904";
    public const string LabelsWithoutClassDimension = "MODEL0905";
}
