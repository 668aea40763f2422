using System.Diagnostics;
using System.Formats.Tar;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ModelSdk.Oci.SupplyChain;

/// <summary>
/// CycloneDX components for the Debian packages a base is made of, read from the .deb files themselves with
/// dpkg-deb (name, version, architecture, source package, SHA-256 of the .deb) and their copyright file (licences).
/// Used when the base is built, on a Debian machine; builds only read the list it writes.
/// </summary>
public static partial class DebianPackages
{
    // Packages whose doc folder is a link to another package's (gcc's runtime libraries link to gcc-N-base), so
    // the .deb holds no copyright file: the licence of their source package, as that copyright file states it.
    private static readonly (Regex Source, string Expression)[] KnownSourceLicences =
    [
        (new Regex("^gcc-[0-9]+$"), "GPL-3.0-or-later WITH GCC-exception-3.1"),
    ];

    /// <summary>Every path is a .deb file or a folder whose *.deb files are taken.</summary>
    public static List<JsonObject> FromPaths(IEnumerable<string> paths, string distro)
    {
        var debs = paths
            .SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*.deb") : [p])
            .Order(StringComparer.Ordinal)
            .ToList();
        return debs.Select(d => FromDeb(d, distro)).ToList();
    }

    public static JsonObject FromDeb(string deb, string distro)
    {
        var fields = Fields(deb);
        var name = fields.GetValueOrDefault("Package") ?? throw Unreadable(deb, "it has no Package field");
        var version = fields.GetValueOrDefault("Version") ?? throw Unreadable(deb, "it has no Version field");
        var architecture = fields.GetValueOrDefault("Architecture") ?? "all";
        var source = (fields.GetValueOrDefault("Source") ?? name).Split(' ')[0];
        var purl =
            $"pkg:deb/debian/{name}@{Uri.EscapeDataString(version)}?arch={architecture}&distro={distro}"
            + (source != name ? $"&upstream={Uri.EscapeDataString(source)}" : "");
        var component = new JsonObject
        {
            ["type"] = "library",
            ["bom-ref"] = purl,
            ["name"] = name,
            ["version"] = version,
            ["hashes"] = new JsonArray(Hash(Sha256OfFile(deb))),
        };
        if (Licences(deb, name, source) is { } licences)
        {
            component["licenses"] = licences;
        }
        component["purl"] = purl;
        component["properties"] = new JsonArray(
            Property("modelsdk:deb.architecture", architecture),
            Property("modelsdk:deb.source", source),
            Property("modelsdk:deb.file", Path.GetFileName(deb))
        );
        return component;
    }

    private static Dictionary<string, string> Fields(string deb)
    {
        var text = Run("dpkg-deb", ["-f", deb], deb);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && !char.IsWhiteSpace(line[0]))
            {
                fields[line[..colon]] = line[(colon + 1)..].Trim();
            }
        }
        return fields;
    }

    /// <summary>
    /// From usr/share/doc/PACKAGE/copyright: the License: fields of a machine-readable (DEP-5) file, else the
    /// /usr/share/common-licenses/NAME files it refers to, as licence names (Debian's short names are not always
    /// SPDX ids, and "or later" is not always stated); a known source package's SPDX expression when the .deb has
    /// no copyright file; null when nothing says.
    /// </summary>
    private static JsonArray? Licences(string deb, string name, string source)
    {
        var copyright = CopyrightText(deb, name);
        if (copyright is null)
        {
            return KnownSourceLicences.FirstOrDefault(k => k.Source.IsMatch(source)).Expression is { } expression
                ? new JsonArray(new JsonObject { ["expression"] = expression })
                : null;
        }
        var names = copyright.StartsWith("Format:", StringComparison.Ordinal)
            ? Dep5License().Matches(copyright).Select(m => m.Groups[1].Value.Trim())
            : CommonLicense().Matches(copyright).Select(m => m.Groups[1].Value);
        var distinct = names.Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var array = new JsonArray(
            distinct.Select(n => (JsonNode?)new JsonObject { ["license"] = new JsonObject { ["name"] = n } }).ToArray()
        );
        return array.Count > 0 ? array : null;
    }

    private static string? CopyrightText(string deb, string name)
    {
        using var process = Start("dpkg-deb", ["--fsys-tarfile", deb]);
        string? text = null;
        using (var reader = new TarReader(process.StandardOutput.BaseStream))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                if (
                    entry.Name is var n
                    && n.TrimStart('.', '/') == $"usr/share/doc/{name}/copyright"
                    && entry.DataStream is { } data
                )
                {
                    text = new StreamReader(data).ReadToEnd();
                }
            }
        }
        process.WaitForExit();
        return text;
    }

    private static string Run(string file, string[] args, string deb)
    {
        using var process = Start(file, args);
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw Unreadable(deb, $"{file} failed: {error.Trim()}");
    }

    private static Process Start(string file, string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return Process.Start(start)!;
    }

    internal static string Sha256OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream)).ToLowerInvariant();
    }

    internal static JsonObject Hash(string sha256Hex) => new() { ["alg"] = "SHA-256", ["content"] = sha256Hex };

    internal static JsonObject Property(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static ModelSdkException Unreadable(string deb, string why) =>
        new(
            ErrorCodes.SbomInputUnreadable,
            $"The Debian package '{deb}' could not be read ({why}). Delete it and build the base again.",
            deb
        );

    [GeneratedRegex(@"^License:[ \t]*([^\n]*)", RegexOptions.Multiline)]
    private static partial Regex Dep5License();

    [GeneratedRegex(@"/usr/share/common-licenses/([A-Za-z0-9.+_-]+[A-Za-z0-9+])")]
    private static partial Regex CommonLicense();
}
