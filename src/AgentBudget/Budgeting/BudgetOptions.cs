using System;
using System.Collections.Generic;
using AgentBudget.Distributed;
using AgentBudget.Pricing;

namespace AgentBudget;

/// <summary>
/// Policy for the sessions of a <see cref="Budget"/>. A <see cref="Budget"/> copies the options when it is created,
/// so changing an options object afterwards does not affect existing budgets.
/// </summary>
public sealed class BudgetOptions
{
    /// <summary>The hard dollar limit of each session. Required; must be above zero.</summary>
    public Money MaxSpend { get; set; }

    /// <summary>
    /// Fraction of <see cref="MaxSpend"/> at which the soft-limit callback fires, once per session (0 &lt; value ≤ 1).
    /// Default 0.9. A fraction is configuration, not money: it is converted once to an exact picodollar threshold.
    /// </summary>
    public double SoftLimitFraction { get; set; } = 0.9;

    /// <summary>
    /// Fraction of <see cref="MaxSpend"/> held back from ordinary calls (0 ≤ value &lt; 1); only calls marked as the
    /// final step may spend it. Default 0.
    /// </summary>
    public double FinalizationReserveFraction { get; set; }

    /// <summary>Loop detection settings (by call name plus argument fingerprint, sliding window).</summary>
    public LoopDetectionOptions LoopDetection { get; set; } = new();

    /// <summary>What happens to calls of models with no known price. Default <see cref="UnknownModelPolicy.Throw"/>.</summary>
    public UnknownModelPolicy UnknownModels { get; set; } = UnknownModelPolicy.Throw;

    /// <summary>The price charged for unknown models under <see cref="UnknownModelPolicy.UseFallbackPrice"/>.</summary>
    public ModelPrice? FallbackPrice { get; set; }

    /// <summary>
    /// Where model prices come from. Defaults to <see cref="PriceCatalog.Default"/>: the built-in table, the project's
    /// own compiled <c>pricing/*.json</c> and run-time registrations. Set <c>null</c> to price nothing (every model is
    /// then unknown; tools and provider-reported costs still work).
    /// </summary>
    public IPriceCatalog? Prices { get; set; } = PriceCatalog.Default;

    /// <summary>Maximum LLM calls admitted per session; 0 means no limit.</summary>
    public int MaxLlmCalls { get; set; }

    /// <summary>Maximum tool calls admitted per session; 0 means no limit.</summary>
    public int MaxToolCalls { get; set; }

    /// <summary>Maximum tokens (input, cached, output and reasoning) per session; 0 means no limit.</summary>
    public long MaxTotalTokens { get; set; }

    /// <summary>Maximum wall-clock duration of a session, measured with <see cref="TimeProvider"/>; null means no limit.</summary>
    public TimeSpan? MaxDuration { get; set; }

    /// <summary>The clock for timestamps, loop windows and durations. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How many events a session keeps (the most recent ones); older events are counted as dropped. 0 keeps none. Default 1024.</summary>
    public int EventCapacity { get; set; } = 1024;

    /// <summary>Called once per session when spend reaches the soft limit.</summary>
    public Action<BudgetAlert>? OnSoftLimit { get; set; }

    /// <summary>Called once per session when the dollar limit refuses a call or recorded spend crosses it.</summary>
    public Action<BudgetAlert>? OnHardLimit { get; set; }

    /// <summary>Called when the loop detector trips.</summary>
    public Action<BudgetAlert>? OnLoopDetected { get; set; }

    /// <summary>Called the first time a session meets a model with no known price.</summary>
    public Action<BudgetAlert>? OnUnknownModel { get; set; }

    /// <summary>Called when a call, token or duration breaker ends the session.</summary>
    public Action<BudgetAlert>? OnLimitExceeded { get; set; }

    /// <summary>
    /// Called for every notice a session records (<see cref="BudgetEventKind.ModelDegraded"/>, the shared-budget kinds,
    /// <see cref="BudgetEventKind.Notice"/>; see <see cref="BudgetSession.RecordNotice"/>).
    /// </summary>
    public Action<BudgetAlert>? OnNotice { get; set; }

    /// <summary>
    /// Layers each top-level session inside shared budgets (a user's daily budget, a tenant's monthly budget, …) kept in an
    /// <see cref="IBudgetStore"/>: called once when a session starts, it returns the gate over the scopes that session
    /// must also fit, or null for none. Child sessions use their root's gate. Every paid call is then held in the shared
    /// scopes too (see <see cref="BudgetSession.ReserveAsync"/>). Null (the default) keeps budgets in-process only.
    /// </summary>
    /// <remarks>The function runs inside <see cref="Budget.StartSession(string?)"/>; the session's <see cref="BudgetSession.Id"/> is set,
    /// nothing has been admitted yet. Read the user or tenant from your own context (an <c>AsyncLocal</c>, the request).</remarks>
    public Func<BudgetSession, SharedBudgetGate?>? SharedBudget { get; set; }

    /// <summary>Receivers of the same alerts as the callbacks (for example a <c>WebhookAlertSink</c>).</summary>
    public ICollection<IBudgetEventSink> AlertSinks { get; } = new List<IBudgetEventSink>();

    /// <summary>A copy with the same settings and the same callbacks, sinks and catalog instances.</summary>
    public BudgetOptions Clone()
    {
        var copy = new BudgetOptions
        {
            MaxSpend = MaxSpend,
            SoftLimitFraction = SoftLimitFraction,
            FinalizationReserveFraction = FinalizationReserveFraction,
            LoopDetection = (LoopDetection ?? new LoopDetectionOptions()).Clone(),
            UnknownModels = UnknownModels,
            FallbackPrice = FallbackPrice,
            Prices = Prices,
            MaxLlmCalls = MaxLlmCalls,
            MaxToolCalls = MaxToolCalls,
            MaxTotalTokens = MaxTotalTokens,
            MaxDuration = MaxDuration,
            TimeProvider = TimeProvider,
            EventCapacity = EventCapacity,
            OnSoftLimit = OnSoftLimit,
            OnHardLimit = OnHardLimit,
            OnLoopDetected = OnLoopDetected,
            OnUnknownModel = OnUnknownModel,
            OnLimitExceeded = OnLimitExceeded,
            OnNotice = OnNotice,
            SharedBudget = SharedBudget,
        };
        foreach (var sink in AlertSinks)
        {
            copy.AlertSinks.Add(sink);
        }

        return copy;
    }

    internal void Validate()
    {
        if (MaxSpend <= Money.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSpend), MaxSpend, "MaxSpend must be above zero.");
        }

        // NaN fails both comparisons, so it is rejected too.
        if (!(SoftLimitFraction > 0 && SoftLimitFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(SoftLimitFraction), SoftLimitFraction, "SoftLimitFraction must be above 0 and at most 1.");
        }

        if (!(FinalizationReserveFraction >= 0 && FinalizationReserveFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(FinalizationReserveFraction), FinalizationReserveFraction, "FinalizationReserveFraction must be at least 0 and below 1.");
        }

        if (UnknownModels == UnknownModelPolicy.UseFallbackPrice && FallbackPrice is null)
        {
            throw new ArgumentException("UnknownModels is UseFallbackPrice but no FallbackPrice is set.", nameof(FallbackPrice));
        }

        if (MaxLlmCalls < 0 || MaxToolCalls < 0 || MaxTotalTokens < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLlmCalls), "Call and token limits cannot be negative (0 means no limit).");
        }

        if (MaxDuration is { } duration && duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDuration), duration, "MaxDuration must be positive (null means no limit).");
        }

        if (EventCapacity < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(EventCapacity), EventCapacity, "EventCapacity cannot be negative.");
        }

        if (TimeProvider is null)
        {
            throw new ArgumentException("TimeProvider is required.", nameof(TimeProvider));
        }

        (LoopDetection ?? throw new ArgumentException("LoopDetection is required.", nameof(LoopDetection))).Validate();
    }
}
