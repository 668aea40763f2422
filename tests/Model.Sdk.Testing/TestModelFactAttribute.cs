using Xunit;

namespace ModelSdk.Testing;

/// <summary>
/// A [Fact] that needs real models from <see cref="TestModels"/>: skipped locally when they are absent,
/// never skipped in CI (CI=true), where the missing download fails the test.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TestModelFactAttribute : FactAttribute
{
    public TestModelFactAttribute(params string[] models) => Skip = TestModels.SkipReason(models);
}
