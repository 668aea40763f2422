using System.Diagnostics;
using ModelRuntime.Memory;
using ModelRuntime.Serving;

namespace ModelRuntime.Check;

/// <summary>Runs each sample against the served models and gives its verdict; keeps the runs for measuring.</summary>
public sealed class SampleChecker(
    ModelRepository repository,
    InferenceRunner runner,
    RequestMemoryBudget budget,
    string projectDirectory
)
{
    /// <summary>The runs that passed or failed on comparison (their inputs are valid), in sample order.</summary>
    public List<(SampleSpec Spec, ServedModel Model, SampleRun Run)> Runs { get; } = [];

    public async Task<IReadOnlyList<SampleOutcome>> CheckAsync(IReadOnlyList<SampleSpec> specs, CancellationToken ct)
    {
        var outcomes = new List<SampleOutcome>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var started = Stopwatch.GetTimestamp();
            SampleOutcome outcome;
            try
            {
                if (!names.Add(spec.Name))
                    throw new SampleException(
                        SampleCodes.DuplicateName,
                        "another sample has the same name: set Name metadata on one of them"
                    );
                outcome = await CheckAsync(spec, ct);
            }
            catch (SampleException e)
            {
                outcome = SampleOutcome.Fail(spec, e.Code, e.Message);
            }
            catch (InferenceException e)
            {
                outcome = SampleOutcome.Fail(
                    spec,
                    SampleCodes.InputRejected,
                    $"the model rejects the sample: {e.Message}"
                );
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                outcome = SampleOutcome.Fail(spec, SampleCodes.InputMissing, $"cannot read the sample: {e.Message}");
            }
            catch (Exception e)
                when (e is InvalidOperationException or FormatException or System.Text.Json.JsonException)
            {
                // A value of the wrong JSON kind in the Expected file (a name that is a number, a shape of strings).
                outcome = SampleOutcome.Fail(
                    spec,
                    SampleCodes.ExpectedInvalid,
                    $"the Expected file does not fit: {e.Message}"
                );
            }
            outcomes.Add(outcome with { DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds });
        }
        return outcomes;
    }

    private async Task<SampleOutcome> CheckAsync(SampleSpec spec, CancellationToken ct)
    {
        if (!File.Exists(spec.Input))
            throw new SampleException(SampleCodes.InputMissing, $"the sample file '{spec.Input}' does not exist");
        var tolerance =
            Tolerance.Parse(spec.Tolerance)
            ?? throw new SampleException(
                SampleCodes.ToleranceInvalid,
                $"Tolerance '{spec.Tolerance}' is not an absolute number (1e-4), a relative percentage (0.1%) or abs=..;rel=.."
            );
        var expectation = Expectation.Parse(spec, projectDirectory);
        var model = Choose(spec);
        var kind = SampleRun.KindOf(spec.Input, spec.Kind);
        var run = await SampleRun.PrepareAsync(model, spec.Input, kind, budget, ct);
        await run.RunAsync(runner, ct);
        Runs.Add((spec, model, run));
        var outcome = new SampleOutcome(spec.Name, spec.Input, null, "passed")
        {
            Model = model.Name,
            Expectation = expectation.Kind,
        };
        switch (expectation)
        {
            case Expectation.Outputs o:
                return Verdict(
                    outcome,
                    SampleCodes.OutputDiffers,
                    OutputComparer.Compare(o.Expected, run.Outputs, tolerance)
                );
            case Expectation.Label l:
                var labels = PredictionComparer.Labels(run.Prediction);
                outcome = outcome with { ExpectedLabel = l.Text, PredictedLabels = labels };
                return Verdict(outcome, SampleCodes.LabelDiffers, PredictionComparer.CompareLabel(l.Text, labels));
            case Expectation.Boxes b:
                return Verdict(
                    outcome,
                    SampleCodes.BoxesDiffer,
                    PredictionComparer.CompareBoxes(b.Expected, run.Prediction, b.IoU)
                );
            default:
                throw new UnreachableException();
        }
    }

    private static SampleOutcome Verdict(SampleOutcome outcome, string code, string? problem) =>
        problem is null ? outcome : outcome with { Code = code, Message = problem };

    private ServedModel Choose(SampleSpec spec)
    {
        var models = repository.Models.ToArray();
        var model = spec.Model is null ? (models.Length == 1 ? models[0] : null) : repository.Find(spec.Model);
        if (model is null)
            throw new SampleException(
                SampleCodes.ModelUnknown,
                spec.Model is null
                    ? $"the project serves {models.Length} models; set Model metadata to one of: {string.Join(", ", models.Select(m => m.Name))}"
                    : $"Model '{spec.Model}' is not served; the project serves: {string.Join(", ", models.Select(m => m.Name))}"
            );
        if (model.Session is null)
            throw new SampleException(
                SampleCodes.RunnerFailed,
                $"model '{model.Name}' did not load: {model.LoadError}"
            );
        return model;
    }
}
