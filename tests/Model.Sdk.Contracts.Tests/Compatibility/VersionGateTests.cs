using ModelSdk.Contracts.Compatibility;

namespace ModelSdk.Contracts.Tests.Compatibility;

public sealed class VersionGateTests
{
    private static readonly ContractChange Break = new(
        ChangeSeverity.Breaking,
        "faces",
        "input-removed",
        "input 'image' was removed"
    );
    private static readonly ContractChange Break2 = new(
        ChangeSeverity.Breaking,
        "faces",
        "labels-removed",
        "1 label(s) were removed from the end ('bird')"
    );
    private static readonly ContractChange Add = new(
        ChangeSeverity.Additive,
        "faces",
        "output-added",
        "output 'embedding' was added"
    );
    private static readonly ContractChange Patch = new(
        ChangeSeverity.Patch,
        "faces",
        "parameter-default-changed",
        "default"
    );

    private static IReadOnlyList<Diagnostic> Check(
        string from,
        string to,
        bool allow = false,
        params ContractChange[] changes
    ) => VersionGate.Check(from, to, changes, allow, "baseline.json");

    [Fact]
    public void A_breaking_change_without_a_major_version_is_MODEL0430_listing_every_change()
    {
        var d = Assert.Single(Check("1.2.0", "1.3.0", false, Break, Break2, Add));
        Assert.Equal((DiagnosticSeverity.Error, "MODEL0430"), (d.Severity, d.Code));
        Assert.Contains("at least 2.0.0", d.Message);
        Assert.Contains("[breaking] faces: input 'image' was removed", d.Message);
        Assert.Contains("[breaking] faces: 1 label(s) were removed", d.Message);
        Assert.Contains("[additive] faces: output 'embedding' was added", d.Message);
        Assert.Contains("ModelAllowBreakingContractChange", d.Message);
    }

    [Fact]
    public void A_breaking_change_passes_with_a_major_version_or_as_a_deliberate_break()
    {
        Assert.Empty(Check("1.2.0", "2.0.0", false, Break));
        var d = Assert.Single(Check("1.2.0", "1.2.1", true, Break));
        Assert.Equal((DiagnosticSeverity.Warning, "MODEL0431"), (d.Severity, d.Code));
    }

    [Fact]
    public void Before_1_0_a_minor_version_may_break()
    {
        Assert.Empty(Check("0.3.1", "0.4.0", false, Break));
        Assert.Contains("at least 0.4.0", Assert.Single(Check("0.3.1", "0.3.2", false, Break)).Message);
    }

    [Fact]
    public void An_additive_change_needs_a_minor_version()
    {
        var d = Assert.Single(Check("1.2.0", "1.2.1", false, Add));
        Assert.Equal(("MODEL0432", true), (d.Code, d.Message.Contains("at least 1.3.0")));
        Assert.Empty(Check("1.2.0", "1.3.0", false, Add));
        Assert.Empty(Check("1.2.0", "2.0.0", false, Add));
        Assert.Single(Check("1.2.0", "1.3.0-rc.1", false, Break));
    }

    [Fact]
    public void Any_change_needs_a_higher_version_and_none_needs_none()
    {
        Assert.Equal("MODEL0433", Assert.Single(Check("1.2.0", "1.2.0", false, Patch)).Code);
        Assert.Empty(Check("1.2.0", "1.2.1", false, Patch));
        Assert.Empty(Check("1.2.0", "1.2.0"));
    }

    [Fact]
    public void A_version_that_is_not_SemVer_is_MODEL0437()
    {
        var e = Assert.Throws<ModelSdkException>(() => Check("1.2", "1.3.0", false, Patch));
        Assert.Equal("MODEL0437", e.Code);
    }

    [Fact]
    public void The_previous_release_is_the_highest_below_the_version()
    {
        string[] tags = ["1.0.0", "1.2.0", "v1.1.5", "1.3.0-rc.1", "2.0.0", "latest", "1.2.0-beta"];
        Assert.Equal("1.2.0", VersionGate.Previous(tags, "1.3.0"));
        Assert.Equal("1.3.0-rc.1", VersionGate.Previous(tags, "1.3.0-rc.2"));
        Assert.Equal("2.0.0", VersionGate.Previous(tags, "2.1.0"));
        Assert.Null(VersionGate.Previous(tags, "1.0.0"));
    }
}
