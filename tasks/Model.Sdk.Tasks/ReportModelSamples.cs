using Microsoft.Build.Framework;
using ModelSdk.Samples;

namespace ModelSdk.Tasks;

/// <summary>
/// Adapter for <see cref="SampleResults"/>: logs each golden sample (an error with its code, file and message when
/// it failed), prints them as <c>dotnet test</c> prints tests in test mode, and writes a .trx file when asked.
/// </summary>
public sealed class ReportModelSamples : ModelSdkTask
{
    [Required]
    public string ResultsFile { get; set; } = "";

    [Required]
    public string ProjectName { get; set; } = "";

    /// <summary><c>build</c> (failures are errors, passes low-importance messages) or <c>test</c> (every line shown).</summary>
    public string Mode { get; set; } = "build";

    /// <summary>dotnet test's --filter (VSTestTestCaseFilter).</summary>
    public string? Filter { get; set; }

    /// <summary>dotnet test's --logger (VSTestLogger): <c>trx</c>, optionally <c>;LogFileName=name.trx</c>.</summary>
    public string? Logger { get; set; }

    /// <summary>Where a relative .trx file name goes (VSTestResultsDirectory, else TestResults/).</summary>
    public string ResultsDirectory { get; set; } = "TestResults";

    protected override void Run()
    {
        var test = Mode == "test";
        var results = SampleResults.Read(ResultsFile).Where(r => SampleResults.Selected(r.Name, Filter)).ToArray();
        foreach (var r in results)
        {
            if (test)
                Log.LogMessage(MessageImportance.High, SampleResults.Line(r));
            else if (r.Passed)
                Log.LogMessage(MessageImportance.Low, $"Golden sample '{r.Name}' passed ({r.DurationMs:0.###} ms).");
            if (!r.Passed)
                Log.LogError(
                    null,
                    r.Code,
                    null,
                    r.File,
                    0,
                    0,
                    0,
                    0,
                    $"Golden sample '{r.Name}': {r.Message}.{Fix(r.Code)}"
                );
        }
        if (test)
            Log.LogMessage(MessageImportance.High, SampleResults.Summary(results, ProjectName));
        if (TrxWriter.FileFromLogger(Logger, ResultsDirectory, ProjectName) is { } trx)
        {
            TrxWriter.Write(trx, ProjectName, results, File.GetLastWriteTimeUtc(ResultsFile));
            Log.LogMessage(MessageImportance.High, $"Results File: {trx}");
        }
    }

    private static string Fix(string? code) =>
        code switch
        {
            "MODEL0400" or "MODEL0401" or "MODEL0402" =>
                " If the new answer is right, update the sample's Expected file or label; if the difference is noise, widen Tolerance (or IoU).",
            "MODEL0403" => " Fix the ModelSample Include path (relative to the project file) or add the file.",
            "MODEL0404" =>
                " Set Expected to a JSON file of outputs ({\"outputs\": [...]}) or boxes, or to the expected top-1 label.",
            "MODEL0405" =>
                " Write Tolerance as 1e-4 (absolute), 0.1% (relative) or abs=1e-4;rel=1e-3, and IoU as a number in (0, 1].",
            "MODEL0406" =>
                " Make the sample fit the model's inputs (see the contract in bin/<Configuration>/model/contract.json).",
            "MODEL0407" => " Set Model metadata on the ModelSample to a model the project serves.",
            "MODEL0408" => " Use the output names and shapes of the contract in the Expected file.",
            "MODEL0413" => " Give each ModelSample a unique Name metadata (default: the file name without extension).",
            _ => "",
        };
}
