namespace ModelSdk.Contracts.Compatibility;

/// <summary>Labels are class indexes clients read names from: only appending keeps every old index's meaning.</summary>
internal static class LabelComparer
{
    private const int MaxListed = 5;

    public static void Compare(
        string model,
        IReadOnlyList<string>? old,
        IReadOnlyList<string>? now,
        List<ContractChange> changes
    )
    {
        old ??= [];
        now ??= [];
        var common = Math.Min(old.Count, now.Count);
        var differing = Enumerable.Range(0, common).Where(i => old[i] != now[i]).ToList();
        if (differing.Count > 0)
        {
            var reordered = old.Take(common)
                .Order(StringComparer.Ordinal)
                .SequenceEqual(now.Take(common).Order(StringComparer.Ordinal));
            var listed = string.Join(", ", differing.Take(MaxListed).Select(i => $"{i}: '{old[i]}' -> '{now[i]}'"));
            var more = differing.Count > MaxListed ? $" and {differing.Count - MaxListed} more" : "";
            changes.Add(
                new(
                    ChangeSeverity.Breaking,
                    model,
                    reordered ? "labels-reordered" : "labels-changed",
                    (reordered ? "labels were reordered" : "labels changed") + $" ({listed}{more})"
                )
            );
        }
        if (now.Count < old.Count)
        {
            var gone = old.Skip(now.Count).ToList();
            changes.Add(
                new(
                    ChangeSeverity.Breaking,
                    model,
                    "labels-removed",
                    $"{gone.Count} label(s) were removed from the end ({List(gone)})"
                )
            );
        }
        else if (now.Count > old.Count)
        {
            var added = now.Skip(old.Count).ToList();
            changes.Add(
                new(
                    ChangeSeverity.Additive,
                    model,
                    "labels-added",
                    $"{added.Count} label(s) were added at the end ({List(added)})"
                )
            );
        }
    }

    private static string List(IReadOnlyList<string> labels) =>
        string.Join(", ", labels.Take(MaxListed).Select(l => $"'{l}'"))
        + (labels.Count > MaxListed ? $" and {labels.Count - MaxListed} more" : "");
}
