using System.Text.Json.Serialization;

namespace ModelSdk.ContractModel;

/// <summary>
/// Catalog fields as alwaysAI's model catalog shows them, declared by the project (ModelDataset, PackageProjectUrl,
/// ModelAccuracy, ModelMeanAveragePrecisionTop1/Top5, ModelInferenceTime; the licence is the package's). Values as
/// written; unset ones are omitted. Measured numbers are not here: see measurements.json (docs/samples.md).
/// </summary>
public sealed record CatalogDetails
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Dataset { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Website { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Accuracy { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MeanAveragePrecisionTop1 { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MeanAveragePrecisionTop5 { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InferenceTime { get; set; }

    [JsonIgnore]
    public bool IsEmpty =>
        Dataset is null
        && Website is null
        && Accuracy is null
        && MeanAveragePrecisionTop1 is null
        && MeanAveragePrecisionTop5 is null
        && InferenceTime is null;
}
