using System.Globalization;
using Microsoft.Build.Framework;
using Task = Microsoft.Build.Utilities.Task;

namespace ModelSdk.Tasks;

/// <summary>
/// Base for Model.Sdk tasks: runs the work and turns <see cref="ModelSdkException"/> and <see cref="Diagnostic"/>s
/// into coded MSBuild errors and warnings. Unexpected exceptions become MODEL0099 with the message, never a stack.
/// </summary>
public abstract class ModelSdkTask : Task
{
    public sealed override bool Execute()
    {
        try
        {
            Run();
        }
        catch (ModelSdkException e)
        {
            Report(Diagnostic.From(e));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogError(
                null,
                ErrorCodes.OutputWriteFailed,
                null,
                null,
                0,
                0,
                0,
                0,
                $"{e.Message} Check that the output folder is writable and the disk has room."
            );
        }
        catch (Exception e)
        {
            // A bug of ours: one coded line for the user, the stack only at diagnostic verbosity for the report.
            Log.LogMessage(MessageImportance.Low, e.ToString());
            Log.LogError(
                null,
                ErrorCodes.InternalError,
                null,
                BuildEngine?.ProjectFileOfTaskNode,
                0,
                0,
                0,
                0,
                $"{GetType().Name} failed unexpectedly ({e.GetType().Name}: {e.Message}). This is a bug in Model.Sdk: please report it with the build log (-v:diag shows where it happened)."
            );
        }
        return !Log.HasLoggedErrors;
    }

    protected abstract void Run();

    protected void Report(Diagnostic d)
    {
        var file = d.File ?? BuildEngine?.ProjectFileOfTaskNode;
        if (d.Severity == DiagnosticSeverity.Error)
            Log.LogError(null, d.Code, null, file, d.Line, 0, 0, 0, d.Message);
        else
            Log.LogWarning(null, d.Code, null, file, d.Line, 0, 0, 0, d.Message);
    }

    protected static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    protected static string? Meta(ITaskItem item, string name) => NullIfEmpty(item.GetMetadata(name));

    /// <summary>
    /// SOURCE_DATE_EPOCH from the property, else the environment; null when neither is set. Not a number of seconds is
    /// <paramref name="code"/>, the message saying what it stops (<paramref name="consequence"/>).
    /// </summary>
    protected static long? ReadSourceDateEpoch(string? property, string code, string consequence)
    {
        var text = NullIfEmpty(property) ?? NullIfEmpty(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"));
        if (text is null)
            return null;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : throw new ModelSdkException(
                code,
                $"SOURCE_DATE_EPOCH '{text}' is not a number of seconds since 1970{consequence}. Unset it or set it to e.g. $(git log -1 --format=%ct)."
            );
    }
}
