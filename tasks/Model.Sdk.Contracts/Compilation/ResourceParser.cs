namespace ModelSdk.Contracts.Compilation;

internal static class ResourceParser
{
    public static Resources Parse(ResourceSpec spec, string projectFile, DiagnosticBag bag)
    {
        var raw = new RawValues(projectFile, bag);
        return new Resources
        {
            MaxMemoryMB = raw.NonNegativeInteger(spec.MaxMemoryMB, "ModelMaxMemoryMB"),
            Cores = raw.NonNegativeNumber(spec.Cores, "ModelCores"),
            Gpus = raw.NonNegativeInteger(spec.Gpus, "ModelGpus"),
            Replicas = raw.NonNegativeInteger(spec.Replicas, "ModelReplicas"),
            MaxBatchSize = raw.NonNegativeInteger(spec.MaxBatchSize, "ModelMaxBatchSize"),
            MaxQueueDelayMs = raw.NonNegativeInteger(spec.MaxQueueDelayMs, "ModelMaxQueueDelayMs"),
        };
    }
}
