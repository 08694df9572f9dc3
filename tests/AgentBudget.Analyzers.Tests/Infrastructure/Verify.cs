using System.Collections.Immutable;
using AgentBudget.Generators.Analyzers.Attributes;
using AgentBudget.Generators.Analyzers.Enforcement;
using AgentBudget.Generators.Analyzers.Models;
using AgentBudget.Generators.Analyzers.Streaming;
using AgentBudget.Generators.Analyzers.Tracking;
using AgentBudget.Generators.Manual;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace AgentBudget.Analyzers.Tests.Infrastructure;

/// <summary>An analyzer test compiled against the local framework, the real SDKs and the AgentBudget runtime.</summary>
internal sealed class RuleTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public RuleTest()
        : this(withSdks: true)
    {
    }

    /// <param name="withSdks">False for a compilation that references no LLM SDK (only the framework and AgentBudget).</param>
    public RuleTest(bool withSdks)
    {
        ReferenceAssemblies = TestReferences.None;
        TestState.AdditionalReferences.AddRange(TestReferences.Framework);
        if (withSdks)
        {
            TestState.AdditionalReferences.AddRange(TestReferences.Sdks);
        }

        TestState.AdditionalReferences.AddRange(TestReferences.AgentBudget);
        TestState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
    }

    /// <summary>
    /// Runs the manual-mode generator too, as in a consuming project: it writes session.Record/Track/Wrap wherever an
    /// SDK is referenced. Off by default because compiling its output makes every test several times slower.
    /// </summary>
    public bool WithManualMode { get; init; }

    protected override IEnumerable<Type> GetSourceGenerators() => WithManualMode ? [typeof(ManualModeGenerator)] : [];

    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);

    protected override CompilationOptions CreateCompilationOptions()
    {
        var options = (CSharpCompilationOptions)base.CreateCompilationOptions();

        // The SDKs mark parts of their API experimental (OPENAI001, MEAI001); tests use them like users who opted in.
        return options
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(options.SpecificDiagnosticOptions
                .SetItem("OPENAI001", ReportDiagnostic.Suppress)
                .SetItem("MEAI001", ReportDiagnostic.Suppress)
                .SetItem("SCME0001", ReportDiagnostic.Suppress));
    }
}

/// <summary>Every AgentBudget analyzer at once, as a consuming project gets them.</summary>
internal sealed class AllRulesTest : CSharpAnalyzerTest<LlmCallTrackingAnalyzer, DefaultVerifier>
{
    public AllRulesTest()
    {
        ReferenceAssemblies = TestReferences.None;
        TestState.AdditionalReferences.AddRange(TestReferences.Framework);
        TestState.AdditionalReferences.AddRange(TestReferences.Sdks);
        TestState.AdditionalReferences.AddRange(TestReferences.AgentBudget);
        TestState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
    }

    /// <summary>The analyzers the package ships.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = ImmutableArray.Create<DiagnosticAnalyzer>(
        new LlmCallTrackingAnalyzer(),
        new StreamingUsageAnalyzer(),
        new UnknownModelAnalyzer(),
        new BudgetedAttributeAnalyzer(),
        new TrackToolAttributeAnalyzer(),
        new SwallowedBudgetExceptionAnalyzer());

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => Analyzers;

    /// <summary>
    /// Runs the manual-mode generator too, as in a consuming project: it writes session.Record/Track/Wrap wherever an
    /// SDK is referenced. Off by default because compiling its output makes every test several times slower.
    /// </summary>
    public bool WithManualMode { get; init; }

    protected override IEnumerable<Type> GetSourceGenerators() => WithManualMode ? [typeof(ManualModeGenerator)] : [];

    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);

    protected override CompilationOptions CreateCompilationOptions()
    {
        var options = (CSharpCompilationOptions)base.CreateCompilationOptions();
        return options
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(options.SpecificDiagnosticOptions
                .SetItem("OPENAI001", ReportDiagnostic.Suppress)
                .SetItem("MEAI001", ReportDiagnostic.Suppress)
                .SetItem("SCME0001", ReportDiagnostic.Suppress));
    }
}

/// <summary>A code-fix test with the same references.</summary>
internal sealed class FixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public FixTest()
    {
        ReferenceAssemblies = TestReferences.None;
        TestState.AdditionalReferences.AddRange(TestReferences.Framework);
        TestState.AdditionalReferences.AddRange(TestReferences.Sdks);
        TestState.AdditionalReferences.AddRange(TestReferences.AgentBudget);
        TestState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
        FixedState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
        TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
    }

    /// <summary>
    /// Runs the manual-mode generator too, as in a consuming project: it writes session.Record/Track/Wrap wherever an
    /// SDK is referenced. Off by default because compiling its output makes every test several times slower.
    /// </summary>
    public bool WithManualMode { get; init; }

    protected override Task RunImplAsync(CancellationToken cancellationToken)
    {
        if (WithManualMode)
        {
            // The code-fix workspace does not run generators: add their output as a file, before and after the fix.
            TestState.Sources.Add((ManualModeSource.FileName, ManualModeSource.Text));
            FixedState.Sources.Add((ManualModeSource.FileName, ManualModeSource.Text));
        }

        return base.RunImplAsync(cancellationToken);
    }

    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);

    protected override CompilationOptions CreateCompilationOptions()
    {
        var options = (CSharpCompilationOptions)base.CreateCompilationOptions();
        return options
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(options.SpecificDiagnosticOptions
                .SetItem("OPENAI001", ReportDiagnostic.Suppress)
                .SetItem("MEAI001", ReportDiagnostic.Suppress)
                .SetItem("SCME0001", ReportDiagnostic.Suppress));
    }
}

/// <summary>Shorthands for the common cases.</summary>
internal static class Verify
{
    /// <summary>Runs <typeparamref name="TAnalyzer"/> on one file whose expected diagnostics are marked inline (<c>{|AB0001:…|}</c>).</summary>
    public static Task AnalyzerAsync<TAnalyzer>(string source, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new RuleTest<TAnalyzer> { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Runs a code fix; <paramref name="fixedSource"/> equal to <paramref name="source"/> (markup removed) means "no fix offered".</summary>
    public static Task CodeFixAsync<TAnalyzer, TCodeFix>(string source, string fixedSource, int? codeActionIndex = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new FixTest<TAnalyzer, TCodeFix> { TestCode = source, FixedCode = fixedSource };
        if (codeActionIndex is not null)
        {
            test.CodeActionIndex = codeActionIndex;
        }

        return test.RunAsync();
    }
}
