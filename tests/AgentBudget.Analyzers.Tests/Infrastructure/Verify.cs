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
    {
        ReferenceAssemblies = TestReferences.None;
        TestState.AdditionalReferences.AddRange(TestReferences.Framework);
        TestState.AdditionalReferences.AddRange(TestReferences.Sdks);
        TestState.AdditionalReferences.AddRange(TestReferences.AgentBudget);
        TestState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
    }

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
