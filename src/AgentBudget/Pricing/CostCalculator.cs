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
        var rates = price.RatesFor(usage.TotalInputTokens);
        var picodollars = checked(
            usage.UncachedInputTokens * rates.Input.PicodollarsPerToken
            + usage.CacheReadTokens * rates.CacheRead.PicodollarsPerToken
            + usage.CacheWrite5mTokens * rates.CacheWrite5m.PicodollarsPerToken
            + usage.CacheWrite1hTokens * rates.CacheWrite1h.PicodollarsPerToken
            + usage.OutputTokens * rates.Output.PicodollarsPerToken
            + usage.ReasoningTokens * rates.Reasoning.PicodollarsPerToken);

        if (isBatch && price.BatchDiscountPercent != 0)
        {
            // Whole picodollars: the discount is truncated, so a fractional picodollar stays charged (never under-reports).
            picodollars -= checked(picodollars * price.BatchDiscountPercent) / 100;
        }

        return Money.FromPicodollars(picodollars);
    }
}
