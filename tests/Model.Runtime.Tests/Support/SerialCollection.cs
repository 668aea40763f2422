namespace ModelRuntime.Tests.Support;

/// <summary>Tests that measure the whole process (memory) or start servers run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial";
}
