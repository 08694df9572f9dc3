using System;

namespace AgentBudget.Pricing;

/// <summary>
/// The one place where tokens become dollars. Usage arrives already split into disjoint buckets
/// (<see cref="TokenUsage"/>), so the cost is an exact integer sum of bucket × rate.
/// </summary>
public static class CostCalculator
{
    /// <summary>
    /// The exact cost of one call. Long-context tiers are chosen by the whole prompt (cached and cache-write tokens
    /// included) and then apply to every bucket; a batch request gets the model's batch discount.
    /// </summary>
    public static Money Calculate(ModelPrice price, in TokenUsage usage, bool isBatch = false)
    {
        if (price is null)
        {
            throw new ArgumentNullException(nameof(price));
        }

        // The hot path of every recorded call: integer arithmetic only, no breakdown object (see CalculateBreakdown).
        var rates = price.RatesFor(usage.TotalInputTokens);
        var subtotal = checked(
            usage.UncachedInputTokens * rates.Input.PicodollarsPerToken
            + usage.CacheReadTokens * rates.CacheRead.PicodollarsPerToken
            + usage.CacheWrite5mTokens * rates.CacheWrite5m.PicodollarsPerToken
            + usage.CacheWrite1hTokens * rates.CacheWrite1h.PicodollarsPerToken
            + usage.OutputTokens * rates.Output.PicodollarsPerToken
            + usage.ReasoningTokens * rates.Reasoning.PicodollarsPerToken);
        return Money.FromPicodollars(subtotal - BatchDiscount(price, subtotal, isBatch));
    }

    // Whole picodollars: the discount is truncated, so a fractional picodollar stays charged (never under-reports).
    private static long BatchDiscount(ModelPrice price, long subtotal, bool isBatch)
        => isBatch && price.BatchDiscountPercent != 0 ? checked(subtotal * price.BatchDiscountPercent) / 100 : 0;

    /// <summary>The exact cost of one call, bucket by bucket, with the tier and batch discount that applied.</summary>
    public static CostBreakdown CalculateBreakdown(ModelPrice price, in TokenUsage usage, bool isBatch = false)
    {
        if (price is null)
        {
            throw new ArgumentNullException(nameof(price));
        }

        var rates = price.RatesFor(usage.TotalInputTokens);
        LongContextTier? tier = null;
        foreach (var candidate in price.LongContextTiers)
        {
            if (ReferenceEquals(candidate.Rates, rates))
            {
                tier = candidate;
            }
        }

        var uncached = checked(usage.UncachedInputTokens * rates.Input.PicodollarsPerToken);
        var cacheRead = checked(usage.CacheReadTokens * rates.CacheRead.PicodollarsPerToken);
        var write5m = checked(usage.CacheWrite5mTokens * rates.CacheWrite5m.PicodollarsPerToken);
        var write1h = checked(usage.CacheWrite1hTokens * rates.CacheWrite1h.PicodollarsPerToken);
        var output = checked(usage.OutputTokens * rates.Output.PicodollarsPerToken);
        var reasoning = checked(usage.ReasoningTokens * rates.Reasoning.PicodollarsPerToken);
        var subtotal = checked(uncached + cacheRead + write5m + write1h + output + reasoning);

        var discount = BatchDiscount(price, subtotal, isBatch);

        return new CostBreakdown(Money.FromPicodollars(uncached), Money.FromPicodollars(cacheRead), Money.FromPicodollars(write5m),
            Money.FromPicodollars(write1h), Money.FromPicodollars(output), Money.FromPicodollars(reasoning),
            Money.FromPicodollars(discount), Money.FromPicodollars(subtotal - discount), tier);
    }

    /// <summary>
    /// The cost of one call when the provider's response may carry its own cost figure (OpenRouter's <c>usage.cost</c>,
    /// for example). With <see cref="ProviderCostPreference.PreferProviderReported"/> a reported cost is charged
    /// instead of the calculated one; either way both figures are kept for the report.
    /// </summary>
    /// <param name="price">The model's price.</param>
    /// <param name="usage">The call's token usage.</param>
    /// <param name="isBatch">Whether the call ran as a batch request.</param>
    /// <param name="providerReportedCost">The cost the provider reported, if any.</param>
    /// <param name="preference">Which figure to charge.</param>
    public static CallCost Calculate(ModelPrice price, in TokenUsage usage, bool isBatch, Money? providerReportedCost,
        ProviderCostPreference preference)
    {
        if (providerReportedCost is { IsNegative: true })
        {
            throw new ArgumentOutOfRangeException(nameof(providerReportedCost), providerReportedCost, "A provider-reported cost cannot be negative.");
        }

        var calculated = Calculate(price, usage, isBatch);
        return preference == ProviderCostPreference.PreferProviderReported && providerReportedCost is { } reported
            ? new CallCost(reported, CostSource.ProviderReported, calculated, providerReportedCost)
            : new CallCost(calculated, CostSource.Calculated, calculated, providerReportedCost);
    }
}

/// <summary>Which figure to charge when a provider reports its own cost.</summary>
public enum ProviderCostPreference
{
    /// <summary>Always charge the cost calculated from the price table (the default; the same for every provider).</summary>
    Calculate = 0,

    /// <summary>Charge the provider-reported cost when the response carries one; otherwise the calculated cost.</summary>
    PreferProviderReported = 1,
}

/// <summary>Where a charged amount came from.</summary>
public enum CostSource
{
    /// <summary>Calculated from the price table and the token usage.</summary>
    Calculated = 0,

    /// <summary>Reported by the provider in its response.</summary>
    ProviderReported = 1,
}

/// <summary>The cost charged for one call, with both figures kept for reports.</summary>
public readonly struct CallCost : IEquatable<CallCost>
{
    /// <summary>Creates a call cost.</summary>
    public CallCost(Money amount, CostSource source, Money calculated, Money? providerReported)
    {
        Amount = amount;
        Source = source;
        Calculated = calculated;
        ProviderReported = providerReported;
    }

    /// <summary>The amount charged.</summary>
    public Money Amount { get; }

    /// <summary>Which figure <see cref="Amount"/> is.</summary>
    public CostSource Source { get; }

    /// <summary>The cost calculated from the price table.</summary>
    public Money Calculated { get; }

    /// <summary>The provider-reported cost, when the response carried one.</summary>
    public Money? ProviderReported { get; }

    /// <inheritdoc />
    public bool Equals(CallCost other) => Amount == other.Amount && Source == other.Source && Calculated == other.Calculated
        && ProviderReported == other.ProviderReported;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CallCost other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Amount.GetHashCode() ^ (int)Source;

#pragma warning disable CS1591
    public static bool operator ==(CallCost left, CallCost right) => left.Equals(right);
    public static bool operator !=(CallCost left, CallCost right) => !left.Equals(right);
#pragma warning restore CS1591
}

/// <summary>The exact cost of one call, bucket by bucket.</summary>
public sealed class CostBreakdown
{
    internal CostBreakdown(Money uncachedInput, Money cacheRead, Money cacheWrite5m, Money cacheWrite1h, Money output, Money reasoning,
        Money batchDiscount, Money total, LongContextTier? appliedTier)
    {
        UncachedInput = uncachedInput;
        CacheRead = cacheRead;
        CacheWrite5m = cacheWrite5m;
        CacheWrite1h = cacheWrite1h;
        Output = output;
        Reasoning = reasoning;
        BatchDiscount = batchDiscount;
        Total = total;
        AppliedTier = appliedTier;
    }

    /// <summary>Uncached prompt tokens × input price.</summary>
    public Money UncachedInput { get; }

    /// <summary>Cache-read tokens × cached-input price.</summary>
    public Money CacheRead { get; }

    /// <summary>5-minute cache-write tokens × their price.</summary>
    public Money CacheWrite5m { get; }

    /// <summary>1-hour cache-write tokens × their price.</summary>
    public Money CacheWrite1h { get; }

    /// <summary>Output tokens × output price.</summary>
    public Money Output { get; }

    /// <summary>Reasoning tokens × reasoning price.</summary>
    public Money Reasoning { get; }

    /// <summary>The batch discount subtracted (zero for a normal request).</summary>
    public Money BatchDiscount { get; }

    /// <summary>What the call costs.</summary>
    public Money Total { get; }

    /// <summary>The long-context tier whose prices applied, or null for the base prices.</summary>
    public LongContextTier? AppliedTier { get; }
}
