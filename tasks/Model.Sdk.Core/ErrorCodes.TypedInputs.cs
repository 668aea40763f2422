namespace ModelSdk;

// Preprocessing that cannot fit the model's image input (typed inputs). Range MODEL0140-0149.
public static partial class ErrorCodes
{
    public const string InputSizeContradictsModel = "MODEL0140";
    public const string MeanChannelsMismatch = "MODEL0141";
    public const string ImagePurposeWithoutImageInput = "MODEL0142";
    public const string PreprocessingWithoutImageInput = "MODEL0143";
    public const string FeaturesInvalid = "MODEL0144";
    public const string FeaturesDoNotFitInput = "MODEL0145";
    public const string FeaturesOnOutput = "MODEL0146";
    public const string InvalidImageDecode = "MODEL0147";
}
