using System;
using AgentBudget.Pricing;

namespace AgentBudget;

/// <summary>
/// The frozen, precomputed form of <see cref="BudgetOptions"/> a session runs with: every fraction already turned into
/// an exact picodollar threshold (once, deterministically), every time span into timestamp ticks.
/// </summary>
internal sealed class SessionSettings
{
    private SessionSettings(BudgetOptions options, long limit, long finalizationReserve, long softThreshold)
    {
        Options = options;
        LimitPicodollars = limit;
        FinalizationReservePicodollars = finalizationReserve;
        OrdinaryLimitPicodollars = limit - finalizationReserve;
        SoftThresholdPicodollars = softThreshold;
        TimeProvider = options.TimeProvider;
        Prices = options.Prices;
        UnknownModels = options.UnknownModels;
        FallbackPrice = options.FallbackPrice;
        MaxLlmCalls = options.MaxLlmCalls;
        MaxToolCalls = options.MaxToolCalls;
        MaxTotalTokens = options.MaxTotalTokens;
        EventCapacity = options.EventCapacity;
        MaxDurationTicks = options.MaxDuration is { } duration ? ToTimestampTicks(duration, TimeProvider.TimestampFrequency) : 0;
        var loops = options.LoopDetection;
        MaxRepeatedCalls = loops.MaxRepeatedCalls;
        LoopWindowTicks = loops.Enabled ? ToTimestampTicks(loops.Window, TimeProvider.TimestampFrequency) : 0;
        LoopTableSize = loops.MaxTrackedCalls;
        HasAlertTargets = options.OnSoftLimit is not null || options.OnHardLimit is not null || options.OnLoopDetected is not null
            || options.OnUnknownModel is not null || options.OnLimitExceeded is not null || options.OnNotice is not null
            || options.AlertSinks.Count > 0;
    }

    public BudgetOptions Options { get; }

    public long LimitPicodollars { get; }

    public long FinalizationReservePicodollars { get; }

    /// <summary>The limit for calls not marked as the final step: the limit minus the finalization reserve.</summary>
    public long OrdinaryLimitPicodollars { get; }

    public long SoftThresholdPicodollars { get; }

    public TimeProvider TimeProvider { get; }

    public IPriceCatalog? Prices { get; }

    public UnknownModelPolicy UnknownModels { get; }

    public ModelPrice? FallbackPrice { get; }

    public int MaxLlmCalls { get; }

    public int MaxToolCalls { get; }

    public long MaxTotalTokens { get; }

    public int EventCapacity { get; }

    public long MaxDurationTicks { get; }

    public int MaxRepeatedCalls { get; }

    public long LoopWindowTicks { get; }

    public int LoopTableSize { get; }

    public bool HasAlertTargets { get; }

    /// <summary>Whether admission needs a clock reading at all (skipped when nothing uses time).</summary>
    public bool NeedsClockOnAdmission => MaxDurationTicks > 0 || MaxRepeatedCalls > 0;

    public static SessionSettings From(BudgetOptions options, Money limit)
    {
        var limitPicodollars = limit.Picodollars;
        var reserve = FractionOf(limitPicodollars, options.FinalizationReserveFraction, roundUp: false);
        var soft = FractionOf(limitPicodollars, options.SoftLimitFraction, roundUp: true);
        return new SessionSettings(options, limitPicodollars, reserve, soft);
    }

    /// <summary>Settings for a child session: the parent's policy with the child's own limit.</summary>
    public SessionSettings ForChild(Money limit) => From(Options, limit);

    /// <summary>
    /// Turns a configuration fraction into whole picodollars exactly once. The double is converted to decimal (a
    /// deterministic conversion that keeps at most 15 significant digits, so 0.9 becomes exactly 0.9) and the product
    /// is computed in decimal, so no binary rounding reaches money.
    /// </summary>
    internal static long FractionOf(long picodollars, double fraction, bool roundUp)
    {
        var product = picodollars * (decimal)fraction;
        var whole = roundUp ? decimal.Ceiling(product) : decimal.Floor(product);
        return (long)whole;
    }

    private static long ToTimestampTicks(TimeSpan span, long frequency)
    {
        var ticks = span.Ticks * (decimal)frequency / TimeSpan.TicksPerSecond;
        return ticks >= long.MaxValue ? long.MaxValue : Math.Max(1L, (long)decimal.Ceiling(ticks));
    }
}
