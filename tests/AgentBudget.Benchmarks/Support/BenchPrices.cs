using AgentBudget.Pricing;

namespace AgentBudget.Benchmarks.Support;

/// <summary>Prices and usages shared by the runtime benchmarks.</summary>
internal static class BenchPrices
{
    /// <summary>A model with six distinct rates and a long-context tier, so a cost touches every bucket and the tier choice.</summary>
    public const string Reasoner = "bench-reasoner";

    /// <summary>
    /// 150,000 uncached + 60,000 cache-read + 2,000 5-minute-write + 1,000 1-hour-write input tokens (213,000: above
    /// the 200,000-token tier), 1,500 output and 3,000 reasoning tokens.
    /// </summary>
    public static readonly TokenUsage FullUsage = new(150_000, 60_000, 2_000, 1_000, 1_500, 3_000);

    /// <summary>The built-in catalog plus <see cref="Reasoner"/>.</summary>
    public static PriceCatalog Catalog()
    {
        var catalog = new PriceCatalog();
        catalog.RegisterModel(ReasonerPrice());
        return catalog;
    }

    public static ModelPrice ReasonerPrice() => new(Reasoner, "bench",
        Rates(3m, 15m, 0.3m, 3.75m, 6m, 20m),
        [new LongContextTier(200_000, Rates(6m, 22.5m, 0.6m, 7.5m, 12m, 30m))],
        batchDiscountPercent: 50, maxOutputTokens: 64_000);

    private static PriceRates Rates(decimal input, decimal output, decimal cacheRead, decimal write5m, decimal write1h, decimal reasoning)
        => new(TokenRate.FromUsdPerMillionTokens(input), TokenRate.FromUsdPerMillionTokens(output),
            TokenRate.FromUsdPerMillionTokens(cacheRead), TokenRate.FromUsdPerMillionTokens(write5m),
            TokenRate.FromUsdPerMillionTokens(write1h), TokenRate.FromUsdPerMillionTokens(reasoning));
}
