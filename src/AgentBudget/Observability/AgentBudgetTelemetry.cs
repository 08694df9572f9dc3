using System.Diagnostics;
using System.Reflection;

namespace AgentBudget.Observability;

/// <summary>
/// Names of AgentBudget's telemetry: the <see cref="System.Diagnostics.Metrics.Meter"/> and
/// <see cref="System.Diagnostics.ActivitySource"/> called <c>AgentBudget</c>, their instruments and attribute keys.
/// Subscribe with OpenTelemetry (<c>.AddMeter("AgentBudget")</c>, <c>.AddSource("AgentBudget")</c>) or a
/// <see cref="System.Diagnostics.Metrics.MeterListener"/>.
/// </summary>
/// <remarks>
/// Token counts follow the OpenTelemetry GenAI semantic conventions (<c>gen_ai.client.token.usage</c>). Cost has no
/// convention yet, so cost and budget state live under AgentBudget's own <c>agentbudget.*</c> names rather than
/// inventing new <c>gen_ai.*</c> ones.
/// </remarks>
public static class AgentBudgetTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "AgentBudget";

    /// <summary>Counter (USD): money charged to a budget, by cost kind, model, tool and provider.</summary>
    public const string CostInstrument = "agentbudget.cost";

    /// <summary>Gauge (ratio 0..1+): spent ÷ hard limit of a budget session after each charge.</summary>
    public const string UtilizationInstrument = "agentbudget.budget.utilization";

    /// <summary>Gauge (USD): what is left of a budget session after each charge (negative once a call overshot it).</summary>
    public const string RemainingInstrument = "agentbudget.budget.remaining";

    /// <summary>Counter: limit and loop events (soft limit reached, budget exhausted, loop detected, model degraded…).</summary>
    public const string LimitEventsInstrument = "agentbudget.limit.events";

    /// <summary>The OpenTelemetry GenAI histogram of tokens per model call (unit <c>{token}</c>).</summary>
    public const string TokenUsageInstrument = "gen_ai.client.token.usage";

    /// <summary>
    /// Bucket boundaries the GenAI conventions recommend for <see cref="TokenUsageInstrument"/>, given to exporters
    /// as instrument advice.
    /// </summary>
    public static readonly long[] TokenUsageBucketBoundaries =
        [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    /// <summary>
    /// The activity source. A limit or loop event starts a short <c>agentbudget.limit</c> activity (a child of the
    /// caller's current span) carrying one <see cref="ActivityEvent"/> named after the event.
    /// </summary>
    public static ActivitySource ActivitySource { get; } = new(Name, Version);

    /// <summary>The informational version of the AgentBudget assembly, used as meter and source version.</summary>
    public static string Version { get; } =
        typeof(AgentBudgetTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(AgentBudgetTelemetry).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    /// <summary>Attribute (tag) keys used by AgentBudget's instruments and activity events.</summary>
    public static class Attributes
    {
        /// <summary>GenAI convention: the operation, e.g. <c>chat</c> or <c>embeddings</c>.</summary>
        public const string OperationName = "gen_ai.operation.name";

        /// <summary>GenAI convention (v1.37+): the provider, e.g. <c>openai</c> or <c>anthropic</c>.</summary>
        public const string ProviderName = "gen_ai.provider.name";

        /// <summary>GenAI convention up to v1.36: the provider. Emitted only when legacy attributes are enabled.</summary>
        public const string LegacySystem = "gen_ai.system";

        /// <summary>GenAI convention: <c>input</c> or <c>output</c>.</summary>
        public const string TokenType = "gen_ai.token.type";

        /// <summary>GenAI convention: the model the caller asked for.</summary>
        public const string RequestModel = "gen_ai.request.model";

        /// <summary>GenAI convention: the model that answered (the one the call is priced by).</summary>
        public const string ResponseModel = "gen_ai.response.model";

        /// <summary>GenAI convention: the tool's name.</summary>
        public const string ToolName = "gen_ai.tool.name";

        /// <summary>AgentBudget: the budget's name (empty when it has none).</summary>
        public const string BudgetName = "agentbudget.budget.name";

        /// <summary>AgentBudget: what a cost was for: <c>llm</c>, <c>embedding</c>, <c>tool</c> or <c>api</c>.</summary>
        public const string CostKind = "agentbudget.cost.kind";

        /// <summary>AgentBudget: whether a cost was estimated rather than reported by the provider (<c>true</c>/<c>false</c>).</summary>
        public const string CostIsEstimate = "agentbudget.cost.estimated";

        /// <summary>AgentBudget: the kind of limit event, see <see cref="LimitEventKinds"/>.</summary>
        public const string LimitEvent = "agentbudget.event";

        /// <summary>AgentBudget: the model a call was degraded from (soft-limit routing).</summary>
        public const string DegradedFrom = "agentbudget.degraded.from";

        /// <summary>AgentBudget: the model a call was degraded to (soft-limit routing).</summary>
        public const string DegradedTo = "agentbudget.degraded.to";
    }

    /// <summary>Values of <see cref="Attributes.LimitEvent"/>.</summary>
    public static class LimitEventKinds
    {
        /// <summary>The session crossed its soft limit (fires once per session).</summary>
        public const string SoftLimit = "soft_limit";

        /// <summary>A call was refused (or stopped the session) because the hard limit would be exceeded.</summary>
        public const string BudgetExhausted = "budget_exhausted";

        /// <summary>A call repeated too often inside the loop window.</summary>
        public const string LoopDetected = "loop_detected";

        /// <summary>A call was routed to a cheaper model because the soft limit had been crossed.</summary>
        public const string ModelDegraded = "model_degraded";

        /// <summary>A call named a model with no known price.</summary>
        public const string UnknownModel = "unknown_model";

        /// <summary>Any other limit (call count, token count, duration) stopped the session.</summary>
        public const string OtherLimit = "limit";

        /// <summary>A shared budget (user, tenant, team scope in a budget store) refused a call.</summary>
        public const string SharedBudgetRefused = "shared_budget_refused";

        /// <summary>The shared budget store could not be reached (a call refused, or a shared settle not recorded).</summary>
        public const string SharedStoreUnavailable = "shared_store_unavailable";

        /// <summary>The shared store was unreachable and admitted a call against its local emergency cap (fail open).</summary>
        public const string EmergencyAdmission = "emergency_admission";
    }

    /// <summary>Values of <see cref="Attributes.CostKind"/>.</summary>
    public static class CostKinds
    {
        /// <summary>A chat or completion model call.</summary>
        public const string Llm = "llm";

        /// <summary>An embedding call.</summary>
        public const string Embedding = "embedding";

        /// <summary>A tool (function) call.</summary>
        public const string Tool = "tool";

        /// <summary>Any other external API cost.</summary>
        public const string Api = "api";
    }
}
