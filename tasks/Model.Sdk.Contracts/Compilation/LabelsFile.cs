namespace ModelSdk.Contracts.Compilation;

/// <summary>
/// One label per line. Only the line terminator (\n, \r\n or \r) and a byte order mark are removed: a label may be
/// whitespace (PP-OCR's keys have U+3000 as a label) and an empty line is an empty label, so class indexes never
/// shift. A terminator at the end of the file ends the last label and makes no label of its own. The runtime reads
/// the copied file with the same rule (File.ReadAllLines).
/// </summary>
public static class LabelsFile
{
    public static IReadOnlyList<string> Read(string path) => File.ReadAllLines(path);
}
