using Microsoft.CodeAnalysis;

namespace AgentBudget.Generators.Diagnostics;

// Usage rules (AB0001–AB0099) reported by the DiagnosticAnalyzers under Analyzers/. Pricing-file (AB1xxx) and
// generator (AB2xxx) descriptors live in sibling partial files. Every message says what to do, not only what is wrong,
// because these show up as squiggles where the fix has to be made.
internal static partial class DiagnosticDescriptors
{
    /// <summary>Category of the rules about LLM calls whose cost is not (fully) recorded.</summary>
    internal const string TrackingCategory = "AgentBudget.Tracking";

    /// <summary>Category of the rules about model ids that the price table does not know.</summary>
    internal const string ModelPricingCategory = "AgentBudget.Pricing";

    /// <summary>Category of the rules about misuse of the AgentBudget attributes.</summary>
    internal const string AttributeUsageCategory = "AgentBudget.Usage";

    /// <summary>Category of the rules about code that weakens an enforced limit.</summary>
    internal const string EnforcementCategory = "AgentBudget.Enforcement";

    private static string UsageRuleHelpLink(string id) => HelpLinkBase + id + ".md";

    /// <summary>AB0001 reason: a call in a plain type.</summary>
    internal const string UntrackedOutsideBudgetedType =
        "it is outside a [Budgeted] type, its client does not go through the budget (UseBudget, BudgetChatClient, session.Wrap) and its result is not passed to session.Record or session.Track; mark the class [Budgeted] (and partial), use a budgeted client, or record the result";

    /// <summary>AB0001 reason: a call in a [Budgeted] type that the generator does not intercept.</summary>
    internal const string UntrackedNotIntercepted =
        "the [Budgeted] generator does not intercept this overload (a protocol-level, generic or unmetered method) and its result is not passed to session.Record or session.Track; use an intercepted overload or record the result";

    /// <summary>AB0001: an LLM call whose cost nobody records.</summary>
    internal static readonly DiagnosticDescriptor UntrackedLlmCall = new(
        id: "AB0001",
        title: "LLM call is not tracked by a budget",
        messageFormat: "The cost of this '{0}' call is not recorded: {1}",
        category: TrackingCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "AgentBudget can only enforce a limit on the calls it sees. A call to OpenAI, Anthropic or Microsoft.Extensions.AI that is not intercepted in a [Budgeted] type, not made through a budgeted client (UseBudget, BudgetChatClient, session.Wrap) and not recorded on a session (session.Record, session.Track) spends money the budget never learns about.",
        helpLinkUri: UsageRuleHelpLink("AB0001"));

    /// <summary>AB0002: a raw streaming chat-completions body without <c>stream_options.include_usage</c>.</summary>
    internal static readonly DiagnosticDescriptor StreamingRequestWithoutUsage = new(
        id: "AB0002",
        title: "Streaming request will not report token usage",
        // No format arguments: Roslyn does not run string.Format then, so the braces are written single.
        messageFormat: "This chat-completions request body sets \"stream\": true without \"stream_options\": {\"include_usage\": true}, so the stream carries no usage and its cost can only be estimated; add \"stream_options\": {\"include_usage\": true} to the body",
        category: TrackingCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The OpenAI SDK's typed streaming methods ask for usage themselves, but its protocol-level overloads (BinaryContent) and raw HttpClient requests send the body as written. Without stream_options.include_usage the final usage chunk never arrives.",
        helpLinkUri: UsageRuleHelpLink("AB0002"));

    /// <summary>AB0003: leaving a tracked LLM stream before its end.</summary>
    internal static readonly DiagnosticDescriptor StreamAbandonedEarly = new(
        id: "AB0003",
        title: "LLM stream is abandoned before its end",
        messageFormat: "Leaving the loop over the '{0}' stream here ('{1}') stops before the final chunk that carries the token usage, so this call's cost will be recorded as an estimate; let the loop run to the end (stop using the updates instead of stopping the enumeration) if the exact cost matters",
        category: TrackingCategory,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "LLM providers send the usage of a streamed answer in its last chunk or event. A break, return or throw out of the enumeration disposes the stream first, and the budget has to fall back to an estimate of the cost.",
        helpLinkUri: UsageRuleHelpLink("AB0003"));

    /// <summary>AB0004: a constant model id that the compiled price table does not resolve.</summary>
    internal static readonly DiagnosticDescriptor UnknownModel = new(
        id: "AB0004",
        title: "Model is not in the price table",
        messageFormat: "Model '{0}' is not in the price table{1}; use a model id the table knows, or add '{0}' to a pricing/*.json file of this project",
        category: ModelPricingCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Budgets price every call by the model that answered it. A model id that neither the built-in price table nor the project's own pricing/*.json files resolve (exact, case-insensitive, provider prefix or dated suffix) is refused or left unpriced at run time, depending on the unknown-model policy.",
        helpLinkUri: UsageRuleHelpLink("AB0004"));

    /// <summary>AB0005: a <c>[Budgeted("…")]</c> literal the runtime parser would reject.</summary>
    internal static readonly DiagnosticDescriptor InvalidBudgetLiteral = new(
        id: "AB0005",
        title: "Budget literal is not valid",
        messageFormat: "{0}; write a positive amount in US dollars such as \"$5.00\" or \"0.50\"",
        category: AttributeUsageCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The [Budgeted] limit is parsed with the same rules as the runtime budget parser: an optional '$', a positive invariant-culture decimal amount, no thousands separators, no other currency symbols.",
        helpLinkUri: UsageRuleHelpLink("AB0005"));

    /// <summary>AB0006: a <c>[TrackTool]</c> that cannot be honoured.</summary>
    internal static readonly DiagnosticDescriptor InvalidTrackTool = new(
        id: "AB0006",
        title: "[TrackTool] is not valid here",
        messageFormat: "[TrackTool] on '{0}' is not valid: {1}",
        category: AttributeUsageCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A tracked tool needs a finite, non-negative cost per call, a method the generator can wrap (an ordinary, non-generic method that does not return by reference or a ref struct and is not async void; the same rules as the generator's) and a containing [Budgeted] type whose session is charged.",
        helpLinkUri: UsageRuleHelpLink("AB0006"));

    /// <summary>AB0007: a <c>[Budgeted]</c> type (or a type containing it) without <c>partial</c>.</summary>
    internal static readonly DiagnosticDescriptor BudgetedTypeNotPartial = new(
        id: "AB0007",
        title: "[Budgeted] type must be partial",
        messageFormat: "'{0}' must be declared partial so that the budget members can be generated into it; add the 'partial' modifier{1}",
        category: AttributeUsageCategory,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The generator adds the budget, the session and the limit hooks to a [Budgeted] class as another part of the same partial type, so the class and every type that contains it must be partial.",
        helpLinkUri: UsageRuleHelpLink("AB0007"));

    /// <summary>AB0008: a catch that turns a hard budget limit into a soft one.</summary>
    internal static readonly DiagnosticDescriptor BudgetExceptionSwallowed = new(
        id: "AB0008",
        title: "Budget exception is swallowed inside an LLM loop",
        messageFormat: "'{0}' also catches {1} inside a loop that keeps calling the LLM, so the loop carries on after the budget stopped it; rethrow budget exceptions (catch them first with 'throw;', or add 'when (ex is not BudgetException)'), or leave the loop",
        category: EnforcementCategory,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "BudgetExhaustedException and LoopDetectedException stop an agent on purpose. A catch inside the agent loop that handles them like any other failure and continues makes the limit advisory.",
        helpLinkUri: UsageRuleHelpLink("AB0008"));
}
