using Microsoft.CodeAnalysis;

namespace AgentBudget.Generators.Diagnostics;

/// <summary>
/// Diagnostics of the <c>[Budgeted]</c>/<c>[TrackTool]</c> generator and its interceptors (AB2xxx). The descriptors are
/// <c>internal</c> fields so that catalog checks over the public AB1xxx pricing descriptors see only their own.
/// </summary>
internal static partial class DiagnosticDescriptors
{
    private const string BudgetedCategory = "AgentBudget.Budgeted";
    private const string BudgetedHelpBase = "docs/diagnostics/";

    public const string InterceptorsNeedCSharp11Id = "AB2001";
    public const string InterceptorsNotEnabledId = "AB2002";
    public const string BudgetedTypeNotPartialId = "AB2003";
    public const string InvalidBudgetAmountId = "AB2004";
    public const string GeneratedMemberCollisionId = "AB2005";
    public const string InvalidToolCostId = "AB2006";
    public const string ToolNotTrackableId = "AB2007";
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

    /// <summary>A <c>[Budgeted]</c> type (or a type containing it) is not partial.</summary>
    internal static readonly DiagnosticDescriptor BudgetedTypeNotPartialForGenerator = new(
        BudgetedTypeNotPartialId,
        "A [Budgeted] type must be partial",
        "'{0}' must be declared partial (and so must every type that contains it) so that AgentBudget can add its budget members",
        BudgetedCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: BudgetedHelpBase + BudgetedTypeNotPartialId + ".md");

    /// <summary>The budget string of <c>[Budgeted]</c> is not an exact positive dollar amount.</summary>
    internal static readonly DiagnosticDescriptor InvalidBudgetAmount = new(
        InvalidBudgetAmountId,
        "Invalid budget amount",
        "The budget '{0}' is not a positive dollar amount such as \"$5.00\" with at most 12 decimal places",
        BudgetedCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: BudgetedHelpBase + InvalidBudgetAmountId + ".md");

    /// <summary>A user member has the name of a member AgentBudget generates.</summary>
    internal static readonly DiagnosticDescriptor GeneratedMemberCollision = new(
        GeneratedMemberCollisionId,
        "Member name reserved by AgentBudget",
        "'{0}' declares a member named '{1}', which AgentBudget generates for [Budgeted] types; rename it (no budget members are generated for this type until then)",
        BudgetedCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: BudgetedHelpBase + GeneratedMemberCollisionId + ".md");

    /// <summary>The cost of <c>[TrackTool]</c> is not an exact non-negative dollar amount.</summary>
    internal static readonly DiagnosticDescriptor InvalidToolCost = new(
        InvalidToolCostId,
        "Invalid tool cost",
        "The tool cost '{0}' is not a non-negative dollar amount with at most 12 decimal places",
        BudgetedCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: BudgetedHelpBase + InvalidToolCostId + ".md");

    /// <summary>A <c>[TrackTool]</c> method whose calls cannot be intercepted.</summary>
    internal static readonly DiagnosticDescriptor ToolNotTrackable = new(
        ToolNotTrackableId,
        "Tool calls cannot be tracked automatically",
        "Calls to the tool '{0}' are not tracked automatically: {1}. Charge it by hand with BudgetSession.Track.",
        BudgetedCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: BudgetedHelpBase + ToolNotTrackableId + ".md");

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
