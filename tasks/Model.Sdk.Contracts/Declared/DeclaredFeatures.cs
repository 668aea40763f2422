using YamlDotNet.RepresentationModel;

namespace ModelSdk.Contracts.Declared;

/// <summary>
/// A declared input's <c>features:</c>: the column names of a record input, a list of distinct, non-empty names
/// (MODEL0144 otherwise, with the line of the offending node).
/// </summary>
internal static class DeclaredFeatures
{
    public static List<string> Read(YamlNode node, string file, string what)
    {
        if (node is not YamlSequenceNode list || list.Children.Count == 0)
            throw Invalid(node, file, $"{what} has 'features:' that is not a list of column names");
        var names = new List<string>();
        foreach (var item in list.Children)
        {
            var name = item is YamlScalarNode scalar ? scalar.Value?.Trim() ?? "" : null;
            if (string.IsNullOrEmpty(name))
                throw Invalid(item, file, $"{what} has a feature that is not a name (a list, a mapping or empty)");
            if (names.Contains(name, StringComparer.Ordinal))
                throw Invalid(item, file, $"{what} lists feature '{name}' twice");
            names.Add(name);
        }
        return names;
    }

    private static ModelSdkException Invalid(YamlNode node, string file, string problem) =>
        new(
            ErrorCodes.FeaturesInvalid,
            $"{Path.GetFileName(file)}: {problem}; write the record's columns in the input's last-axis order, "
                + "e.g. features: [sepal_length, sepal_width, petal_length, petal_width].",
            file,
            (int)node.Start.Line
        );
}
