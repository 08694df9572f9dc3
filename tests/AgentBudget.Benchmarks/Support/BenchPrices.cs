using AgentBudget.Pricing;

namespace AgentBudget.Benchmarks.Support;

/// <summary>Prices and usages shared by the runtime benchmarks.</summary>
internal static class BenchPrices
{
    /// <summary>A model with six distinct rates and a long-context tier (above 200 prompt tokens, so that small usages reach it), so a cost touches every bucket and the tier choice.</summary>
    public const string Reasoner = "bench-reasoner";

    /// <summary>
    /// 150 uncached + 60 cache-read + 2 5-minute-write + 1 1-hour-write input tokens (213: above the model's 200-token
    /// tier), 15 output and 30 reasoning tokens. Small counts on purpose: the arithmetic costs the same for any count,
    /// and a benchmark records hundreds of millions of calls, which at real prompt sizes would pass the largest
    /// budget a session can hold ($9.2 million).
    /// </summary>
    public static readonly TokenUsage FullUsage = new(150, 60, 2, 1, 15, 30);

    /// <summary>The whole prompt of <see cref="FullUsage"/> and its output, for reservations.</summary>
    public const long PromptTokens = 213;

    public const long OutputTokens = 45;

    /// <summary>The built-in catalog plus <see cref="Reasoner"/>.</summary>
    public static PriceCatalog Catalog()
    {
        var catalog = new PriceCatalog();
        catalog.RegisterModel(ReasonerPrice());
        return catalog;
    }

    public static ModelPrice ReasonerPrice() => new(Reasoner, "bench",
        Rates(3m, 15m, 0.3m, 3.75m, 6m, 20m),
        [new LongContextTier(200, Rates(6m, 22.5m, 0.6m, 7.5m, 12m, 30m))],
        batchDiscountPercent: 50, maxOutputTokens: 64_000);

    private static PriceRates Rates(decimal input, decimal output, decimal cacheRead, decimal write5m, decimal write1h, decimal reasoning)
        => new(TokenRate.FromUsdPerMillionTokens(input), TokenRate.FromUsdPerMillionTokens(output),
            TokenRate.FromUsdPerMillionTokens(cacheRead), TokenRate.FromUsdPerMillionTokens(write5m),
            TokenRate.FromUsdPerMillionTokens(write1h), TokenRate.FromUsdPerMillionTokens(reasoning));
}
