using ModelSdk.ContractModel;

namespace ModelSdk.Contracts.Compatibility;

/// <summary>Inputs or outputs of one model: removed, renamed, added, datatype, rank and dims.</summary>
internal static class TensorComparer
{
    public static void Compare(
        string model,
        string role,
        IReadOnlyList<TensorMetadata> old,
        IReadOnlyList<TensorMetadata> now,
        List<ContractChange> changes
    )
    {
        var removed = old.Where(o => now.All(n => n.Name != o.Name)).ToList();
        var added = now.Where(n => old.All(o => o.Name != n.Name)).ToList();
        // One removed and one added tensor of the same type and shape is a rename: say so, it is what happened.
        if (removed.Count == 1 && added.Count == 1 && SameSignature(removed[0], added[0]))
        {
            changes.Add(
                new(
                    ChangeSeverity.Breaking,
                    model,
                    $"{role}-renamed",
                    $"{role} '{removed[0].Name}' was renamed to '{added[0].Name}'"
                )
            );
            removed.Clear();
            added.Clear();
        }
        foreach (var r in removed)
        {
            changes.Add(new(ChangeSeverity.Breaking, model, $"{role}-removed", $"{role} '{r.Name}' was removed"));
        }
        foreach (var a in added)
        {
            // A new output is more data for clients that ignore it; a new input is one every client must now send.
            changes.Add(
                role == "output"
                    ? new(ChangeSeverity.Additive, model, "output-added", $"output '{a.Name}' was added")
                    : new(
                        ChangeSeverity.Breaking,
                        model,
                        "input-added",
                        $"input '{a.Name}' was added (every request must now send it)"
                    )
            );
        }
        foreach (var o in old)
        {
            if (now.FirstOrDefault(n => n.Name == o.Name) is { } n)
            {
                CompareOne(model, role, o, n, changes);
            }
        }
    }

    private static bool SameSignature(TensorMetadata a, TensorMetadata b) =>
        a.Datatype == b.Datatype && a.Shape.SequenceEqual(b.Shape);

    private static void CompareOne(
        string model,
        string role,
        TensorMetadata old,
        TensorMetadata now,
        List<ContractChange> changes
    )
    {
        var what = $"{role} '{old.Name}'";
        if (old.Datatype != now.Datatype)
        {
            changes.Add(
                new(
                    ChangeSeverity.Breaking,
                    model,
                    "datatype-changed",
                    $"{what} datatype changed from {old.Datatype} to {now.Datatype}"
                )
            );
        }
        if (old.Shape.Count != now.Shape.Count)
        {
            changes.Add(
                new(
                    ChangeSeverity.Breaking,
                    model,
                    "rank-changed",
                    $"{what} rank changed from {old.Shape.Count} {Shape(old)} to {now.Shape.Count} {Shape(now)}"
                )
            );
            return;
        }
        for (var i = 0; i < old.Shape.Count; i++)
        {
            CompareDim(model, role, what, i, old.Shape[i], now.Shape[i], changes);
        }
    }

    private static void CompareDim(
        string model,
        string role,
        string what,
        int axis,
        long old,
        long now,
        List<ContractChange> changes
    )
    {
        if (old == now)
        {
            return;
        }
        var at = $"{what} dim {axis}";
        if (old >= 0 && now >= 0)
        {
            changes.Add(new(ChangeSeverity.Breaking, model, "dim-changed", $"{at} changed from {old} to {now}"));
        }
        else if (old < 0)
        {
            changes.Add(
                new(ChangeSeverity.Breaking, model, "dim-made-fixed", $"{at} was dynamic and is now fixed at {now}")
            );
        }
        else
        {
            // An input that accepts more is compatible; an output whose size clients relied on is not.
            changes.Add(
                new(
                    role == "input" ? ChangeSeverity.Additive : ChangeSeverity.Breaking,
                    model,
                    "dim-made-dynamic",
                    $"{at} was fixed at {old} and is now dynamic"
                )
            );
        }
    }

    private static string Shape(TensorMetadata t) => "[" + string.Join(",", t.Shape) + "]";
}
