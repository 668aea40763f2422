namespace ModelSdk;

// Publishing to an OCI registry (dotnet publish) and pulling base images. Range MODEL0200-0299.
public static partial class ErrorCodes
{
    public const string RegistryUnauthorized = "MODEL0200";
    public const string RegistryUnreachable = "MODEL0201";
    public const string RegistryTlsFailure = "MODEL0202";
    public const string ManifestRejected = "MODEL0203";
    public const string RegistryQuotaExceeded = "MODEL0204";
    public const string InvalidImageTag = "MODEL0205";
    public const string VersionAlreadyPublished = "MODEL0206";
    public const string InvalidImageReference = "MODEL0207";
    public const string ImageLayoutInvalid = "MODEL0208";
    public const string BlobDigestMismatch = "MODEL0209";
    public const string RegistryRequestFailed = "MODEL0210";
    public const string RegistryDenied = "MODEL0211";
    public const string ImageNotFound = "MODEL0212";
    public const string PlatformNotFound = "MODEL0213";
    public const string CredentialHelperFailed = "MODEL0214";
    public const string DockerConfigInvalid = "MODEL0215";
    public const string RegistryTimeout = "MODEL0216";
    public const string BlobUploadFailed = "MODEL0217";
    public const string PackagePushFailed = "MODEL0218";
    public const string NextVersionNeedsRegistry = "MODEL0219";
    public const string RegistryPasswordInDotnetVariable = "MODEL0220";
}
