namespace ModelSdk;

// Multi-platform images (ContainerRuntimeIdentifiers). Range MODEL0300-0319.
public static partial class ErrorCodes
{
    public const string ContainerRuntimeIdentifiersInvalid = "MODEL0300";
}
