using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using AgentBudget.Pricing;
using static AgentBudget.Observability.AgentBudgetTelemetry;

namespace AgentBudget.Observability;

/// <summary>
/// The instruments of the <c>AgentBudget</c> meter: cost, budget utilization and remaining money, limit and loop
/// events, and the OpenTelemetry GenAI token histogram <c>gen_ai.client.token.usage</c>.
/// </summary>
/// <remarks>
/// <para>
/// Why instances and not only a static: a host creates its meter through <c>IMeterFactory</c> (so it is scoped to
/// the service provider and testable), while code without dependency injection uses <see cref="Shared"/>. Recording
/// costs nothing measurable while nobody listens.
/// </para>
/// <para>
/// Money is exact everywhere in AgentBudget; only here, at the export boundary, is it converted to a
/// <see cref="double"/> number of US dollars, because metric exporters (OpenTelemetry among them) accept only
/// <see cref="long"/> and <see cref="double"/> measurements. The value is never read back into a budget.
/// </para>
/// </remarks>
public sealed class AgentBudgetMetrics : IDisposable
{
    private readonly bool _ownsMeter;
    private readonly bool _includeLegacySystemAttribute;
    private readonly Counter<double> _cost;
    private readonly Gauge<double> _utilization;
    private readonly Gauge<double> _remaining;
    private readonly Counter<long> _limitEvents;
    private readonly Histogram<long> _tokenUsage;
    private readonly ConditionalWeakTable<Budget, string> _budgetNames = new();

    /// <summary>Metrics on a process-wide meter named <c>AgentBudget</c>, for code that does not use dependency injection.</summary>
    public static AgentBudgetMetrics Shared { get; } = new(new Meter(Name, AgentBudgetTelemetry.Version), ownsMeter: false);

    /// <summary>Creates the instruments on <paramref name="meter"/>.</summary>
    /// <param name="meter">The meter to create the instruments on; normally named <see cref="AgentBudgetTelemetry.Name"/>.</param>
    /// <param name="ownsMeter">Whether <see cref="Dispose"/> disposes the meter.</param>
    /// <param name="includeLegacySystemAttribute">
    /// Also tag token usage with <c>gen_ai.system</c> (the GenAI conventions up to v1.36) besides <c>gen_ai.provider.name</c>.
    /// </param>
    public AgentBudgetMetrics(Meter meter, bool ownsMeter = false, bool includeLegacySystemAttribute = false)
    {
        Meter = meter ?? throw new ArgumentNullException(nameof(meter));
        _ownsMeter = ownsMeter;
        _includeLegacySystemAttribute = includeLegacySystemAttribute;
        _cost = meter.CreateCounter<double>(CostInstrument, "USD",
            "Money charged to AgentBudget budgets, by cost kind, model, tool and provider.");
        _utilization = meter.CreateGauge<double>(UtilizationInstrument, "1",
            "Spent divided by the hard limit of a budget session, after each charge.");
        _remaining = meter.CreateGauge<double>(RemainingInstrument, "USD",
            "Money left in a budget session after each charge.");
        _limitEvents = meter.CreateCounter<long>(LimitEventsInstrument, "{event}",
            "Soft-limit, hard-limit, loop and model-degrade events of AgentBudget sessions.");
        _tokenUsage = meter.CreateHistogram(TokenUsageInstrument, "{token}",
            "Number of input and output tokens used per model call.", tags: null,
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenUsageBucketBoundaries });
    }

    /// <summary>The meter the instruments live on.</summary>
    public Meter Meter { get; }

    /// <summary>
    /// Names <paramref name="budget"/> for the <c>agentbudget.budget.name</c> attribute of its sessions' measurements
    /// (a session's own <see cref="BudgetSession.Name"/> wins). The hosting package names every configured budget.
    /// </summary>
    public void SetBudgetName(Budget budget, string name)
    {
        if (budget is null)
        {
            throw new ArgumentNullException(nameof(budget));
        }

        lock (_budgetNames)
        {
            _budgetNames.Remove(budget);
            _budgetNames.Add(budget, name ?? string.Empty);
        }
    }

    /// <summary>The name measurements of <paramref name="session"/> are tagged with: its own name, else its budget's.</summary>
    public string? BudgetNameOf(BudgetSession session)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        if (session.Name is { } own)
        {
            return own;
        }

        lock (_budgetNames)
        {
            return _budgetNames.TryGetValue(session.Budget, out var name) ? name : null;
        }
    }

    /// <summary>Adds a charge to <c>agentbudget.cost</c>.</summary>
    /// <param name="cost">The exact amount charged.</param>
    /// <param name="costKind">One of <see cref="AgentBudgetTelemetry.CostKinds"/>.</param>
    /// <param name="model">The model the cost was priced by (LLM and embedding calls).</param>
    /// <param name="toolName">The tool's name (tool calls).</param>
    /// <param name="providerName">The provider, e.g. <c>openai</c>.</param>
    /// <param name="budgetName">The budget's name.</param>
    /// <param name="isEstimate">Whether the amount is an estimate (no usage was reported).</param>
    public void RecordCost(Money cost, string costKind, string? model = null, string? toolName = null,
        string? providerName = null, string? budgetName = null, bool isEstimate = false)
    {
        if (!_cost.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { Attributes.CostKind, costKind },
            { Attributes.BudgetName, budgetName ?? string.Empty },
            { Attributes.CostIsEstimate, isEstimate ? "true" : "false" },
        };
        if (model is not null)
        {
            tags.Add(Attributes.ResponseModel, model);
        }

        if (toolName is not null)
        {
            tags.Add(Attributes.ToolName, toolName);
        }

        if (providerName is not null)
        {
            tags.Add(Attributes.ProviderName, providerName);
        }

        _cost.Add(ToExportedUsd(cost), tags);
    }

    /// <summary>Records <c>agentbudget.budget.utilization</c> and <c>agentbudget.budget.remaining</c> for a session.</summary>
    public void RecordBudgetState(Money spent, Money limit, string? budgetName)
    {
        var tags = new TagList { { Attributes.BudgetName, budgetName ?? string.Empty } };
        if (_remaining.Enabled)
        {
            _remaining.Record(ToExportedUsd(limit - spent), tags);
        }

        if (_utilization.Enabled && limit.Picodollars > 0)
        {
            _utilization.Record((double)(spent.Picodollars / (decimal)limit.Picodollars), tags);
        }
    }

    /// <summary>
    /// Records the GenAI token histogram for one model call: one <c>input</c> measurement (every prompt token,
    /// cached and cache-write tokens included, as the conventions ask) and one <c>output</c> measurement (reasoning included).
    /// </summary>
    /// <param name="operationName">GenAI operation: <c>chat</c>, <c>embeddings</c>, <c>text_completion</c>…</param>
    /// <param name="providerName">The provider, e.g. <c>openai</c>; <c>unknown</c> when not known.</param>
    /// <param name="requestModel">The model the caller asked for.</param>
    /// <param name="responseModel">The model that answered.</param>
    /// <param name="usage">The call's usage.</param>
    public void RecordTokenUsage(string operationName, string? providerName, string? requestModel, string? responseModel,
        in TokenUsage usage)
    {
        if (!_tokenUsage.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { Attributes.OperationName, operationName },
            { Attributes.ProviderName, providerName ?? "unknown" },
        };
        if (_includeLegacySystemAttribute)
        {
            tags.Add(Attributes.LegacySystem, providerName ?? "unknown");
        }

        if (requestModel is not null)
        {
            tags.Add(Attributes.RequestModel, requestModel);
        }

        if (responseModel is not null)
        {
            tags.Add(Attributes.ResponseModel, responseModel);
        }

        var inputTags = tags;
        inputTags.Add(Attributes.TokenType, "input");
        _tokenUsage.Record(usage.TotalInputTokens, inputTags);

        // An embedding call has no output side; the conventions report only what the operation has.
        if (operationName != "embeddings")
        {
            var outputTags = tags;
            outputTags.Add(Attributes.TokenType, "output");
            _tokenUsage.Record(usage.TotalOutputTokens, outputTags);
        }
    }

    /// <summary>
    /// Counts a limit or loop event in <c>agentbudget.limit.events</c> and emits it as an <see cref="ActivityEvent"/>
    /// on a short <c>agentbudget.limit</c> activity of <see cref="AgentBudgetTelemetry.ActivitySource"/>.
    /// </summary>
    /// <param name="eventKind">One of <see cref="AgentBudgetTelemetry.LimitEventKinds"/>.</param>
    /// <param name="budgetName">The budget's name.</param>
    /// <param name="subject">What tripped it: the tool or model name, when known.</param>
    /// <param name="message">A human-readable description.</param>
    /// <param name="extraTags">More attributes for the activity event (e.g. degrade from/to).</param>
    public void RecordLimitEvent(string eventKind, string? budgetName, string? subject = null, string? message = null,
        IEnumerable<KeyValuePair<string, object?>>? extraTags = null)
    {
        if (_limitEvents.Enabled)
        {
            var tags = new TagList
            {
                { Attributes.LimitEvent, eventKind },
                { Attributes.BudgetName, budgetName ?? string.Empty },
            };
            _limitEvents.Add(1, tags);
        }

        var source = AgentBudgetTelemetry.ActivitySource;
        if (!source.HasListeners())
        {
            return;
        }

        var eventTags = new ActivityTagsCollection
        {
            { Attributes.LimitEvent, eventKind },
            { Attributes.BudgetName, budgetName ?? string.Empty },
        };
        if (subject is not null)
        {
            eventTags.Add("agentbudget.subject", subject);
        }

        if (message is not null)
        {
            eventTags.Add("agentbudget.message", message);
        }

        if (extraTags is not null)
        {
            foreach (var tag in extraTags)
            {
                eventTags[tag.Key] = tag.Value;
            }
        }

        using var activity = source.StartActivity("agentbudget.limit", ActivityKind.Internal);
        if (activity is null)
        {
            return;
        }

        activity.SetTag(Attributes.LimitEvent, eventKind);
        activity.SetTag(Attributes.BudgetName, budgetName ?? string.Empty);
        activity.AddEvent(new ActivityEvent("agentbudget." + eventKind, tags: eventTags));
        if (eventKind is LimitEventKinds.BudgetExhausted or LimitEventKinds.LoopDetected or LimitEventKinds.OtherLimit)
        {
            activity.SetStatus(ActivityStatusCode.Error, message ?? eventKind);
        }
    }

    /// <summary>Disposes the meter when this instance owns it.</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }

    // The one place money leaves exact arithmetic: exporters take double. Never fed back into a budget.
    private static double ToExportedUsd(Money amount) => (double)amount.ToDecimal();
}
