namespace ModelSdk.Oci;

/// <summary>Builds the model image: <see cref="ModelImagePlanner"/> computes it, <see cref="ModelImageWriter"/> writes it.</summary>
public static class ModelImageBuilder
{
    public static ModelImageOutcome Build(ModelImageRequest request) =>
        ModelImageWriter.Write(ModelImagePlanner.Plan(request));
}
