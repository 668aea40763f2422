using ModelSdk.ContractModel;

namespace ModelSdk.Contracts.Compatibility;

/// <summary>
/// Lists what changed between a released contract and a new one, each change with the version bump it needs
/// (docs/contract-compatibility.md). Models, tensors and parameters are matched by name.
/// </summary>
public static class ContractComparer
{
    public static IReadOnlyList<ContractChange> Compare(ContractSnapshot baseline, ContractSnapshot current)
    {
        var changes = new List<ContractChange>();
        var oldModels = baseline.Document.Models.ToDictionary(m => m.Name, StringComparer.Ordinal);
        var newModels = current.Document.Models.ToDictionary(m => m.Name, StringComparer.Ordinal);
        foreach (var (name, old) in oldModels)
        {
            if (!newModels.TryGetValue(name, out var now))
            {
                changes.Add(new(ChangeSeverity.Breaking, name, "model-removed", $"model '{name}' was removed"));
                continue;
            }
            TensorComparer.Compare(name, "input", old.Inputs, now.Inputs, changes);
            TensorComparer.Compare(name, "output", old.Outputs, now.Outputs, changes);
            if (old.Platform != now.Platform)
            {
                changes.Add(
                    new(
                        ChangeSeverity.Patch,
                        name,
                        "platform-changed",
                        $"platform changed from '{old.Platform}' to '{now.Platform}'"
                    )
                );
            }
            CompareDetails(name, Details(baseline, name), Details(current, name), changes);
            LabelComparer.Compare(name, baseline.LabelsOf(name), current.LabelsOf(name), changes);
        }
        foreach (var name in newModels.Keys.Where(n => !oldModels.ContainsKey(n)))
        {
            changes.Add(new(ChangeSeverity.Additive, name, "model-added", $"model '{name}' was added"));
        }
        return changes;
    }

    /// <summary>The most a set of changes needs, or null when there is no change at all.</summary>
    public static ChangeSeverity? Required(IEnumerable<ContractChange> changes) =>
        changes.Select(c => (ChangeSeverity?)c.Severity).DefaultIfEmpty(null).Max();

    private static ModelDetails? Details(ContractSnapshot snapshot, string name) =>
        snapshot.Document.ModelDetails.FirstOrDefault(d => d.Name == name);

    private static void CompareDetails(string model, ModelDetails? old, ModelDetails? now, List<ContractChange> changes)
    {
        if (old is null || now is null)
        {
            return;
        }
        if (!string.Equals(old.Purpose, now.Purpose, StringComparison.OrdinalIgnoreCase))
        {
            changes.Add(
                new(
                    ChangeSeverity.Breaking,
                    model,
                    "purpose-changed",
                    $"purpose changed from '{old.Purpose}' to '{now.Purpose}' (the typed predictions change shape)"
                )
            );
        }
        if (!string.Equals(old.Architecture ?? "", now.Architecture ?? "", StringComparison.OrdinalIgnoreCase))
        {
            changes.Add(
                new(
                    ChangeSeverity.Breaking,
                    model,
                    "architecture-changed",
                    $"architecture changed from '{old.Architecture ?? "(none)"}' to '{now.Architecture ?? "(none)"}' (the typed detections change)"
                )
            );
        }
        ParameterComparer.Compare(model, old.Parameters, now.Parameters, changes);
        if (old.Preprocessing is { } p && now.Preprocessing is { } q && !SamePreprocessing(p, q))
        {
            changes.Add(
                new(ChangeSeverity.Patch, model, "preprocessing-changed", "image preprocessing settings changed")
            );
        }
    }

    private static bool SamePreprocessing(PreprocessingDetails a, PreprocessingDetails b) =>
        a with { Mean = null } == b with { Mean = null } && (a.Mean ?? []).SequenceEqual(b.Mean ?? []);
}
