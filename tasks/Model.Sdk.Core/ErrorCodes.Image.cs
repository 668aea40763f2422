namespace ModelSdk;

// Assembling the OCI image (dotnet build). Range MODEL0100-0199.
public static partial class ErrorCodes
{
    public const string ContainerRepositoryInvalid = "MODEL0100";
    public const string ContainerTagInvalid = "MODEL0101";
    public const string BaseImageNotFound = "MODEL0102";
    public const string BaseImageUnauthorized = "MODEL0103";
    public const string BaseImageWrongPlatform = "MODEL0104";
    public const string ModelFileChangedDuringImageBuild = "MODEL0105";
    public const string ImageOutputUnwritable = "MODEL0106";
    public const string BaseImageInvalid = "MODEL0107";
    public const string LocalRegistryUnavailable = "MODEL0108";
    public const string LocalRegistryLoadFailed = "MODEL0109";
    public const string ContainerPortInvalid = "MODEL0110";
    public const string LayerCompressionInvalid = "MODEL0111";
    public const string ImagePropertyInvalid = "MODEL0118";
    public const string ContainerVariableInvalid = "MODEL0113";
    public const string LocalRegistryInvalid = "MODEL0114";
    public const string ModelFolderInvalid = "MODEL0115";
    public const string ContainerUserInvalid = "MODEL0116";
    public const string ContainerRuntimeIdentifierInvalid = "MODEL0117";
    public const string NoBaseImage = "MODEL0119";
    public const string NoEntrypoint = "MODEL0120";
}

// Deployment manifests (dotnet build -t:ModelManifests, dotnet publish). Range MODEL0160-0169.
public static partial class ErrorCodes
{
    public const string DeployNameInvalid = "MODEL0160";
    public const string DeployNamespaceInvalid = "MODEL0161";
    public const string DeployServiceTypeInvalid = "MODEL0162";
    public const string DeployAutoscalingInvalid = "MODEL0163";
    public const string DeployMetadataInvalid = "MODEL0164";
    public const string DeployEnvironmentVariableInvalid = "MODEL0165";
    public const string DeployUserInvalid = "MODEL0166";
    public const string DeployImageMissing = "MODEL0167";
}
