using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace ModelSdk.Samples;

/// <summary>
/// A Visual Studio test results file (.trx, the format <c>dotnet test --logger trx</c> writes) for a project's
/// golden samples. Ids are derived from the project and sample names, and times from <c>finished</c> (when the
/// samples ran) and each sample's duration, so the same results give the same file.
/// </summary>
public static class TrxWriter
{
    private const string Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
    private const string UnitTestType = "13cdc9d9-ddb5-4fa4-a97d-d965ccfc6d4b";
    private const string NotInAList = "8c84fa94-04c1-424b-9868-57a2d4851a1d";
    private const string AllLoaded = "19431567-8539-422a-85d7-44ee4e166bda";

    public static void Write(string path, string project, IReadOnlyList<SampleResult> results, DateTimeOffset finished)
    {
        var start = finished - TimeSpan.FromMilliseconds(results.Sum(r => r.DurationMs));
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var w = XmlWriter.Create(path, settings);
        w.WriteStartElement("TestRun", Ns);
        w.WriteAttributeString("id", Id(project, "run"));
        w.WriteAttributeString("name", $"{project} golden samples");
        w.WriteStartElement("Times", Ns);
        w.WriteAttributeString("creation", Time(finished));
        w.WriteAttributeString("queuing", Time(start));
        w.WriteAttributeString("start", Time(start));
        w.WriteAttributeString("finish", Time(finished));
        w.WriteEndElement();
        w.WriteStartElement("Results", Ns);
        var at = start;
        foreach (var r in results)
        {
            WriteResult(w, project, r, at);
            at += TimeSpan.FromMilliseconds(r.DurationMs);
        }
        w.WriteEndElement();
        w.WriteStartElement("TestDefinitions", Ns);
        foreach (var r in results)
            WriteDefinition(w, project, r);
        w.WriteEndElement();
        w.WriteStartElement("TestEntries", Ns);
        foreach (var r in results)
        {
            w.WriteStartElement("TestEntry", Ns);
            w.WriteAttributeString("testId", Id(project, "test", r.Name));
            w.WriteAttributeString("executionId", Id(project, "execution", r.Name));
            w.WriteAttributeString("testListId", NotInAList);
            w.WriteEndElement();
        }
        w.WriteEndElement();
        WriteLists(w);
        WriteSummary(w, results);
        w.WriteEndElement();
    }

    private static void WriteResult(XmlWriter w, string project, SampleResult r, DateTimeOffset start)
    {
        w.WriteStartElement("UnitTestResult", Ns);
        w.WriteAttributeString("executionId", Id(project, "execution", r.Name));
        w.WriteAttributeString("testId", Id(project, "test", r.Name));
        w.WriteAttributeString("testName", r.Name);
        w.WriteAttributeString("computerName", "localhost");
        w.WriteAttributeString(
            "duration",
            TimeSpan.FromMilliseconds(r.DurationMs).ToString("c", CultureInfo.InvariantCulture)
        );
        w.WriteAttributeString("startTime", Time(start));
        w.WriteAttributeString("endTime", Time(start + TimeSpan.FromMilliseconds(r.DurationMs)));
        w.WriteAttributeString("testType", UnitTestType);
        w.WriteAttributeString("outcome", r.Passed ? "Passed" : "Failed");
        w.WriteAttributeString("testListId", NotInAList);
        w.WriteAttributeString("relativeResultsDirectory", Id(project, "execution", r.Name));
        if (!r.Passed)
        {
            w.WriteStartElement("Output", Ns);
            w.WriteStartElement("ErrorInfo", Ns);
            w.WriteElementString("Message", Ns, $"{r.Code}: {r.Message}");
            w.WriteElementString("StackTrace", Ns, $"at {r.File}");
            w.WriteEndElement();
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void WriteDefinition(XmlWriter w, string project, SampleResult r)
    {
        w.WriteStartElement("UnitTest", Ns);
        w.WriteAttributeString("name", r.Name);
        w.WriteAttributeString("storage", r.File);
        w.WriteAttributeString("id", Id(project, "test", r.Name));
        w.WriteStartElement("Execution", Ns);
        w.WriteAttributeString("id", Id(project, "execution", r.Name));
        w.WriteEndElement();
        w.WriteStartElement("TestMethod", Ns);
        w.WriteAttributeString("codeBase", project);
        w.WriteAttributeString("adapterTypeName", "executor://modelsdk/goldensamples");
        w.WriteAttributeString("className", $"{project}.Samples");
        w.WriteAttributeString("name", r.Name);
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void WriteLists(XmlWriter w)
    {
        w.WriteStartElement("TestLists", Ns);
        foreach (var (name, id) in new[] { ("Results Not in a List", NotInAList), ("All Loaded Results", AllLoaded) })
        {
            w.WriteStartElement("TestList", Ns);
            w.WriteAttributeString("name", name);
            w.WriteAttributeString("id", id);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void WriteSummary(XmlWriter w, IReadOnlyList<SampleResult> results)
    {
        var failed = results.Count(r => !r.Passed);
        w.WriteStartElement("ResultSummary", Ns);
        w.WriteAttributeString("outcome", failed == 0 ? "Completed" : "Failed");
        w.WriteStartElement("Counters", Ns);
        w.WriteAttributeString("total", Count(results.Count));
        w.WriteAttributeString("executed", Count(results.Count));
        w.WriteAttributeString("passed", Count(results.Count - failed));
        w.WriteAttributeString("failed", Count(failed));
        foreach (var zero in new[] { "error", "timeout", "aborted", "inconclusive", "notExecuted" })
            w.WriteAttributeString(zero, "0");
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset t) =>
        t.ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

    /// <summary>
    /// The .trx path a <c>--logger</c> value asks for: <c>trx</c> (file <c>&lt;project&gt;.trx</c>) with an optional
    /// <c>LogFileName=</c> (relative to the results folder); null when no trx logger is named.
    /// </summary>
    public static string? FileFromLogger(string? logger, string resultsDirectory, string project)
    {
        var parts = (logger ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var at = Array.FindIndex(
            parts,
            p =>
                p.Equals("trx", StringComparison.OrdinalIgnoreCase)
                || p.StartsWith("trx:", StringComparison.OrdinalIgnoreCase)
        );
        if (at < 0)
            return null;
        var name = parts
            .Skip(at + 1)
            .TakeWhile(p => p.Contains('='))
            .FirstOrDefault(p => p.StartsWith("LogFileName=", StringComparison.OrdinalIgnoreCase))
            ?["LogFileName=".Length..];
        return Path.GetFullPath(
            string.IsNullOrEmpty(name) ? project + ".trx" : name,
            Path.GetFullPath(resultsDirectory)
        );
    }

    /// <summary>A name-based GUID (SHA-256 of the parts), so ids stay the same from run to run.</summary>
    public static string Id(params string[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", parts)));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }
}
