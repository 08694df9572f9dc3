using Microsoft.CodeAnalysis;

namespace AgentBudget.Generators.Diagnostics;

/// <summary>
/// Diagnostics of the <c>[Budgeted]</c>/<c>[TrackTool]</c> generator and its interceptors (AB2xxx). The descriptors are
/// <c>internal</c> fields so that catalog checks over the public AB1xxx pricing descriptors see only their own.
/// </summary>
internal static partial class DiagnosticDescriptors
{
    private const string BudgetedCategory = "AgentBudget.Budgeted";
    private const string BudgetedHelpBase = HelpLinkBase;

    // AB2003, AB2004, AB2006 and AB2007 were retired before release: the analyzers report the same problems as
    // AB0007, AB0005 and AB0006 (with code fixes), and one mistake must not produce two diagnostics.
    public const string InterceptorsNeedCSharp11Id = "AB2001";
    public const string InterceptorsNotEnabledId = "AB2002";
    public const string GeneratedMemberCollisionId = "AB2005";
    public const string BudgetedTypeNotAccessibleId = "AB2008";

    /// <summary>The consumer's C# version is below 11, so no interceptor is generated.</summary>
    internal static readonly DiagnosticDescriptor InterceptorsNeedCSharp11 = new(
        InterceptorsNeedCSharp11Id,
        "Automatic tracking needs C# 11 or later",
        "AgentBudget cannot intercept the calls in [Budgeted] types because the project compiles with C# {0}; interceptors need C# 11 or later. Set <LangVersion>11</LangVersion> (or later) in the project file, or track calls by hand with BudgetSession.Track and RecordUsage.",
        BudgetedCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: BudgetedHelpBase + InterceptorsNeedCSharp11Id + ".md");

    /// <summary>The compiler was not told that <c>AgentBudget.Generated</c> may contain interceptors.</summary>
    internal static readonly DiagnosticDescriptor InterceptorsNotEnabled = new(
        InterceptorsNotEnabledId,
        "Interceptors are not enabled for AgentBudget",
        "AgentBudget cannot intercept the calls in [Budgeted] types because the namespace AgentBudget.Generated is not opted in to interceptors. The AgentBudget package adds it; if it was removed or the package's build files are not imported, add <InterceptorsNamespaces>$(InterceptorsNamespaces);AgentBudget.Generated</InterceptorsNamespaces> to the project file.",
        BudgetedCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: BudgetedHelpBase + InterceptorsNotEnabledId + ".md");

    /// <summary>A user member has the name of a member AgentBudget generates.</summary>
    internal static readonly DiagnosticDescriptor GeneratedMemberCollision = new(
        GeneratedMemberCollisionId,
        "Member name reserved by AgentBudget",
        "'{0}' declares a member named '{1}', which AgentBudget generates for [Budgeted] types; rename it (no budget members are generated for this type until then)",
        BudgetedCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: BudgetedHelpBase + GeneratedMemberCollisionId + ".md");

    /// <summary>A budgeted type that generated interceptors cannot name.</summary>
    internal static readonly DiagnosticDescriptor BudgetedTypeNotAccessible = new(
        BudgetedTypeNotAccessibleId,
        "Calls into a private budgeted type are not intercepted",
        "'{0}' is private or protected, so AgentBudget cannot intercept calls to its methods to make its session ambient or to charge its tools; LLM calls inside it use the ambient session or the type's fallback session. Make the type internal or public.",
        BudgetedCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: BudgetedHelpBase + BudgetedTypeNotAccessibleId + ".md");
}
