using System.Diagnostics.CodeAnalysis;
using AgentBudget.Pricing;

namespace AgentBudget.Tests.TestSupport;

/// <summary>A small test-local catalog (exact ids only); the real catalog belongs to the pricing component.</summary>
public sealed class TestPriceCatalog : IPriceCatalog
{
    private readonly Dictionary<string, ModelPrice> _prices = new(StringComparer.Ordinal);

    public TestPriceCatalog(params ModelPrice[] prices)
    {
        foreach (var price in prices)
        {
            _prices[price.ModelId] = price;
        }
    }

    public bool TryGetPrice(string model, [NotNullWhen(true)] out ModelPrice? price) => _prices.TryGetValue(model, out price);
}

public static class TestPrices
{
    /// <summary>$2.50 / $10.00 per million tokens, cache reads $1.25.</summary>
    public static readonly ModelPrice Gpt4o = new("gpt-4o", "openai",
        new PriceRates(Rate(2.50m), Rate(10.00m), cacheRead: Rate(1.25m)), maxOutputTokens: 16_384);

    /// <summary>$0.15 / $0.60 per million tokens.</summary>
    public static readonly ModelPrice Gpt4oMini = new("gpt-4o-mini", "openai", new PriceRates(Rate(0.15m), Rate(0.60m)));

    /// <summary>$0.05 per million tokens in and out.</summary>
    public static readonly ModelPrice Nano = new("nano", "test", new PriceRates(Rate(0.05m), Rate(0.05m)));

    /// <summary>$3 input, $15 output, cache writes $3.75 (5 min) and $6 (1 h), cache reads $0.30.</summary>
    public static readonly ModelPrice Sonnet = new("claude-sonnet", "anthropic",
        new PriceRates(Rate(3m), Rate(15m), cacheRead: Rate(0.30m), cacheWrite5m: Rate(3.75m), cacheWrite1h: Rate(6m)), maxOutputTokens: 64_000);

    /// <summary>$1 per million, used as the fallback price for unknown models.</summary>
    public static readonly ModelPrice Fallback = new("fallback", "test", new PriceRates(Rate(1m), Rate(1m)));

    public static TestPriceCatalog Catalog() => new(Gpt4o, Gpt4oMini, Nano, Sonnet);

    public static TokenRate Rate(decimal usdPerMillion) => TokenRate.FromUsdPerMillionTokens(usdPerMillion);
}
