namespace ModelSdk.Contracts;

/// <summary>A validated runtime argument, changeable at launch through the environment variable <see cref="Env"/>.</summary>
public sealed record ModelParameter(string Name, string Type, string? Default, string Description)
{
    public string Env => "MODEL_PARAM_" + Name.ToUpperInvariant();
}
