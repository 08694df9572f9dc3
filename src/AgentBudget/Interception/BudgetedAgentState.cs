using System;
using System.Threading;
using AgentBudget.Pricing;

namespace AgentBudget.Interception;

/// <summary>The partial hooks of a <c>[Budgeted]</c> type, implemented by the generated code (explicitly, so they stay private).</summary>
public interface IBudgetedAgentHooks
{
    /// <summary>Spending crossed the soft limit (once per session).</summary>
    /// <param name="alert">The alert.</param>
    void OnSoftLimit(BudgetAlert alert);

    /// <summary>A call was refused because it would exceed the budget.</summary>
    /// <param name="alert">The alert.</param>
    void OnHardLimit(BudgetAlert alert);

    /// <summary>Loop detection tripped.</summary>
    /// <param name="alert">The alert.</param>
    void OnLoopDetected(BudgetAlert alert);
}

/// <summary>Builds the <see cref="BudgetOptions"/> written in a <c>[Budgeted]</c> attribute, plus process-wide defaults.</summary>
public static class BudgetedAgentOptions
{
    /// <summary>
    /// Applied to the options of every <c>[Budgeted]</c> type when its budget is created: set the price catalog, a
    /// <see cref="TimeProvider"/>, alert sinks or other settings the attribute cannot express. Set it at startup.
    /// </summary>
    public static Action<BudgetOptions>? Configure { get; set; }

    /// <summary>
    /// The price catalog of <c>[Budgeted]</c> types unless <see cref="Configure"/> sets another; null (the default) means
    /// <see cref="PriceCatalog.Default"/>: the built-in table plus the project's compiled <c>pricing/*.json</c>.
    /// </summary>
    public static IPriceCatalog? DefaultPrices { get; set; }

    /// <summary>Creates the options of a <c>[Budgeted]</c> type (called by generated code).</summary>
    /// <param name="maxSpend">The hard limit.</param>
    /// <param name="softLimit">The soft-limit fraction.</param>
    /// <param name="finalizationReserve">The finalization-reserve fraction.</param>
    /// <param name="maxRepeatedCalls">Loop detection: repeats allowed in the window (0 disables it).</param>
    /// <param name="loopWindowSeconds">Loop detection window, in seconds.</param>
    /// <param name="unknownModels">The unknown-model policy.</param>
    /// <param name="maxLlmCalls">LLM-call breaker (0: none).</param>
    /// <param name="maxToolCalls">Tool-call breaker (0: none).</param>
    /// <param name="maxTotalTokens">Token breaker (0: none).</param>
    /// <param name="maxDurationSeconds">Duration breaker in seconds (0: none).</param>
    /// <returns>The options.</returns>
    public static BudgetOptions Create(Money maxSpend, double softLimit, double finalizationReserve, int maxRepeatedCalls, double loopWindowSeconds,
        UnknownModelPolicy unknownModels, int maxLlmCalls, int maxToolCalls, long maxTotalTokens, double maxDurationSeconds)
    {
        var options = new BudgetOptions
        {
            MaxSpend = maxSpend,
            SoftLimitFraction = softLimit,
            FinalizationReserveFraction = finalizationReserve,
            UnknownModels = unknownModels,
            MaxLlmCalls = maxLlmCalls,
            MaxToolCalls = maxToolCalls,
            MaxTotalTokens = maxTotalTokens,
            MaxDuration = maxDurationSeconds > 0 ? TimeSpan.FromSeconds(maxDurationSeconds) : null,
            Prices = DefaultPrices ?? PriceCatalog.Default,
        };
        options.LoopDetection.MaxRepeatedCalls = maxRepeatedCalls;
        if (loopWindowSeconds > 0)
        {
            options.LoopDetection.Window = TimeSpan.FromSeconds(loopWindowSeconds);
        }

        Configure?.Invoke(options);
        return options;
    }
}

/// <summary>
/// The budget state of one instance of a <c>[Budgeted]</c> type: its <see cref="AgentBudget.Budget"/> (created once,
/// from the attribute's options) and its current <see cref="BudgetSession"/>. Created on first use by generated code.
/// </summary>
public sealed class BudgetedAgentState
{
    private readonly string _agentName;
    private readonly IBudgetedAgentHooks? _hooks;
    private BudgetSession _session;

    private BudgetedAgentState(string agentName, BudgetOptions options, IBudgetedAgentHooks? hooks)
    {
        _agentName = agentName;
        _hooks = hooks;
        if (hooks is not null)
        {
            // Wired once per instance: the user's callbacks (if any) still run, then the type's partial hooks.
            var soft = options.OnSoftLimit;
            var hard = options.OnHardLimit;
            var loop = options.OnLoopDetected;
            options.OnSoftLimit = alert => { soft?.Invoke(alert); hooks.OnSoftLimit(alert); };
            options.OnHardLimit = alert => { hard?.Invoke(alert); hooks.OnHardLimit(alert); };
            options.OnLoopDetected = alert => { loop?.Invoke(alert); hooks.OnLoopDetected(alert); };
        }

        Budget = new Budget(options);
        _session = Budget.StartSession();
    }

    /// <summary>The instance's budget.</summary>
    public Budget Budget { get; }

    /// <summary>The instance's current session.</summary>
    public BudgetSession Session => Volatile.Read(ref _session);

    /// <summary>Ends the current session and starts a fresh one.</summary>
    /// <returns>The new session.</returns>
    public BudgetSession StartNewSession()
    {
        var next = Budget.StartSession();
        var previous = Interlocked.Exchange(ref _session, next);
        previous.Dispose();
        return next;
    }

    /// <summary>Creates the state of an instance once, even when two threads race for it.</summary>
    /// <param name="field">The instance's state field.</param>
    /// <param name="agentName">The type name used in reports.</param>
    /// <param name="options">The options.</param>
    /// <param name="hooks">The instance (its partial hooks).</param>
    /// <returns>The state.</returns>
    public static BudgetedAgentState Create(ref BudgetedAgentState? field, string agentName, BudgetOptions options, IBudgetedAgentHooks? hooks)
    {
        var created = new BudgetedAgentState(agentName, options, hooks);
        return Interlocked.CompareExchange(ref field, created, null) ?? created;
    }

    /// <summary>
    /// The per-type session charged by calls that run with no agent session ambient (an LLM call in a static method or
    /// in a callback that lost the flow); it exists so that a paid call is never dropped. Its id starts with the type name.
    /// </summary>
    /// <param name="field">The type's fallback field.</param>
    /// <param name="agentName">The type name.</param>
    /// <param name="createOptions">Creates the options (only called the first time).</param>
    /// <returns>The fallback session.</returns>
    public static BudgetSession UseFallbackSession(ref BudgetSession? field, string agentName, Func<BudgetOptions> createOptions)
    {
        var existing = Volatile.Read(ref field);
        if (existing is not null)
        {
            return existing;
        }

        if (createOptions is null)
        {
            throw new ArgumentNullException(nameof(createOptions));
        }

        var created = new Budget(createOptions()).StartSession(agentName + "-fallback-" + Guid.NewGuid().ToString("N"));
        var winner = Interlocked.CompareExchange(ref field, created, null);
        if (winner is not null)
        {
            return winner;
        }

        // Say so in the session's own events and report: these calls were paid for but ran outside any agent run.
        created.RecordNotice(BudgetEventKind.Notice, agentName,
            "LLM calls ran with no agent session in scope (static method, lost async flow, or a call from another assembly); they are charged to this per-type fallback session. Use EnterBudgetScope() to bind them to an agent.");
        return created;
    }

    /// <inheritdoc />
    public override string ToString() => _agentName + " " + Session.Id + (_hooks is null ? string.Empty : " (hooks)");
}
