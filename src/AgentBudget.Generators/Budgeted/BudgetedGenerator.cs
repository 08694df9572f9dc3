using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using AgentBudget.Generators.Budgeted.Model;
using AgentBudget.Generators.Diagnostics;
using AgentBudget.Generators.Interception;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

using AgentBudget.Generators.Common;

namespace AgentBudget.Generators.Budgeted;

/// <summary>Names of the tracked pipeline steps of <see cref="BudgetedGenerator"/>, for cacheability tests.</summary>
public static class BudgetedGeneratorStepNames
{
    /// <summary>Parse of each <c>[Budgeted]</c> type (spec plus diagnostics).</summary>
    public const string BudgetedTypeParse = "BudgetedTypeParse";

    /// <summary>The equatable spec of each <c>[Budgeted]</c> type.</summary>
    public const string BudgetedTypeSpec = "BudgetedTypeSpec";

    /// <summary>Each call site to intercept.</summary>
    public const string CallSites = "CallSites";

    /// <summary>All call sites, collected and sorted.</summary>
    public const string CollectedCallSites = "CollectedCallSites";

    /// <summary>The consumer's C# version and interceptor opt-in.</summary>
    public const string InterceptionSettings = "InterceptionSettings";
}

/// <summary>What the consumer's compiler settings allow.</summary>
/// <param name="LanguageVersion">The effective C# version, as its numeric value (e.g. 1100 for C# 11).</param>
/// <param name="InterceptorsEnabled">Whether <c>AgentBudget.Generated</c> is in <c>InterceptorsNamespaces</c>.</param>
internal sealed record InterceptionSettings(int LanguageVersion, bool InterceptorsEnabled)
{
    public bool CanIntercept => LanguageVersion >= (int)Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp11 && InterceptorsEnabled;
}

/// <summary>
/// Generates the members of <c>[Budgeted]</c> types and the interceptors that track their LLM and tool calls.
/// Pipeline: <c>[Budgeted]</c> types → <see cref="BudgetedParser"/> → <see cref="BudgetedTypeSpec"/> → <see cref="BudgetedEmitter"/>;
/// invocations → <see cref="CallSiteScanner"/> → <see cref="CallSiteSpec"/> → <see cref="InterceptorEmitter"/>.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class BudgetedGenerator : IIncrementalGenerator
{
    /// <summary>The namespace that holds every generated interceptor; the consumer must opt it in.</summary>
    public const string InterceptorsNamespace = "AgentBudget.Generated";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                SymbolText.BudgetedAttributeName,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
                static (syntax, cancellationToken) => BudgetedParser.Parse(syntax, cancellationToken))
            .WithTrackingName(BudgetedGeneratorStepNames.BudgetedTypeParse);

        // Pipeline 1 (diagnostics): real source locations, rerun freely, never feeds code generation.
        context.RegisterSourceOutput(parsed.Select(static (result, _) => result.Diagnostics), static (spc, diagnostics) =>
        {
            foreach (var diagnostic in diagnostics)
            {
                spc.ReportDiagnostic(diagnostic);
            }
        });

        var languageVersion = context.ParseOptionsProvider.Select(static (options, _) =>
            options is CSharpParseOptions csharp ? (int)csharp.LanguageVersion : 0);

        // Pipeline 2 (code): the equatable spec gates emission, so unrelated edits reuse the previous output.
        var specs = parsed
            .Select(static (result, _) => result.Spec)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(BudgetedGeneratorStepNames.BudgetedTypeSpec);
        context.RegisterSourceOutput(specs.Combine(languageVersion), static (spc, pair) =>
        {
            var (spec, version) = pair;
            spc.AddSource(spec.HintName + ".Budgeted.g.cs", BudgetedEmitter.Emit(spec, nullableAnnotations: version >= (int)LanguageVersion.CSharp8));
        });

        var settings = context.ParseOptionsProvider
            .Select(static (options, _) => Settings(options))
            .WithTrackingName(BudgetedGeneratorStepNames.InterceptionSettings);

        var callSites = context.SyntaxProvider
            .CreateSyntaxProvider(CallSiteScanner.IsCandidate, CallSiteScanner.Scan)
            .Where(static site => site is not null)
            .Select(static (site, _) => site!)
            .WithTrackingName(BudgetedGeneratorStepNames.CallSites);

        var collected = callSites
            .Collect()
            .Select(static (sites, _) => sites.OrderBy(s => s.SortKey, System.StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(BudgetedGeneratorStepNames.CollectedCallSites);

        context.RegisterImplementationSourceOutput(collected.Combine(settings), static (spc, pair) =>
        {
            var (sites, interception) = pair;
            if (sites.Count == 0)
            {
                return;
            }

            if (interception.LanguageVersion < (int)LanguageVersion.CSharp11)
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InterceptorsNeedCSharp11, Location.None,
                    ((LanguageVersion)interception.LanguageVersion).ToDisplayString()));
                return;
            }

            if (!interception.InterceptorsEnabled)
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InterceptorsNotEnabled, Location.None));
                return;
            }

            foreach (var group in sites.GroupBy(s => s.File).OrderBy(g => g.Key))
            {
                spc.AddSource(InterceptorEmitter.HintName(group.Key), InterceptorEmitter.Emit(group.Key, group.ToList()));
            }
        });
    }

    private static InterceptionSettings Settings(ParseOptions options)
    {
        var version = options is CSharpParseOptions csharp ? (int)csharp.LanguageVersion : 0;
        // Only the non-preview property counts: not every compiler that runs this generator honours the preview name
        // (Roslyn 4.14 reports CS9137 with it alone), and an AB2002 warning is better than a compile error.
        var enabled = options.Features.TryGetValue("InterceptorsNamespaces", out var namespaces)
            && namespaces.Split(';').Any(n => n.Trim() == InterceptorsNamespace);

        return new InterceptionSettings(version, enabled);
    }
}
