namespace ModelSdk;

// Contract compatibility gate and imports from other platforms' model folders. Range MODEL0430-0469.
public static partial class ErrorCodes
{
    public const string BreakingContractChange = "MODEL0430";
    public const string BreakingChangeAccepted = "MODEL0431";
    public const string AdditiveContractChange = "MODEL0432";
    public const string ContractChangedWithoutVersion = "MODEL0433";
    public const string BaselineNotFound = "MODEL0434";
    public const string BaselineUnreadable = "MODEL0435";
    public const string BaselineNeedsFeed = "MODEL0436";
    public const string BaselineVersionInvalid = "MODEL0437";
    public const string NoPreviousVersion = "MODEL0438";
    public const string AlwaysAiJsonInvalid = "MODEL0440";
    public const string ImportConflict = "MODEL0441";
    public const string ImportUnsupportedKey = "MODEL0442";
    public const string ImportFileMissing = "MODEL0443";
    public const string HydrosphereInvalid = "MODEL0450";
}
