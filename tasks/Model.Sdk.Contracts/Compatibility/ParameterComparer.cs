using ModelSdk.ContractModel;

namespace ModelSdk.Contracts.Compatibility;

/// <summary>Parameters are environment variables deployments set: removing or retyping one breaks them.</summary>
internal static class ParameterComparer
{
    public static void Compare(
        string model,
        IReadOnlyList<ParameterDetails> old,
        IReadOnlyList<ParameterDetails> now,
        List<ContractChange> changes
    )
    {
        foreach (var o in old)
        {
            var n = now.FirstOrDefault(p => Same(p.Name, o.Name));
            if (n is null)
            {
                changes.Add(
                    new(ChangeSeverity.Breaking, model, "parameter-removed", $"parameter '{o.Name}' was removed")
                );
                continue;
            }
            if (TypeName(o.Type) != TypeName(n.Type))
            {
                changes.Add(
                    new(
                        ChangeSeverity.Breaking,
                        model,
                        "parameter-type-changed",
                        $"parameter '{o.Name}' type changed from {o.Type} to {n.Type}"
                    )
                );
            }
            if (Text(o.Default) != Text(n.Default))
            {
                changes.Add(
                    new(
                        ChangeSeverity.Patch,
                        model,
                        "parameter-default-changed",
                        $"parameter '{o.Name}' default changed from '{Text(o.Default)}' to '{Text(n.Default)}'"
                    )
                );
            }
        }
        foreach (var n in now.Where(p => old.All(o => !Same(o.Name, p.Name))))
        {
            changes.Add(
                n.Default is null
                    ? new(
                        ChangeSeverity.Breaking,
                        model,
                        "parameter-added-required",
                        $"parameter '{n.Name}' was added without a default (every deployment must now set it)"
                    )
                    : new(
                        ChangeSeverity.Additive,
                        model,
                        "parameter-added",
                        $"parameter '{n.Name}' was added with default '{Text(n.Default)}'"
                    )
            );
        }
    }

    private static string TypeName(string text) =>
        ParameterTypes.TryRead(text, out var type) ? type.Name() : text.Trim().ToLowerInvariant();

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Text(System.Text.Json.Nodes.JsonNode? value) =>
        value is null ? ""
        : value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) ? s
        : value.ToJsonString();
}
