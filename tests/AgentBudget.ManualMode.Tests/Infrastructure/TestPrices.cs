using System.Diagnostics.CodeAnalysis;
using AgentBudget.Pricing;

namespace AgentBudget.ManualMode.Tests.Infrastructure;

/// <summary>A fixed price list for the compile-and-run tests (USD per million tokens), so expected spend is exact.</summary>
public sealed class TestPrices : IPriceCatalog
{
    public static readonly TestPrices Instance = new();

    private readonly Dictionary<string, ModelPrice> _prices = new(StringComparer.Ordinal)
    {
        ["gpt-4o-mini"] = Price("gpt-4o-mini", "openai", 0.15m, 0.60m, cacheRead: 0.075m, maxOutput: 16384),
        ["gpt-4.1-mini"] = Price("gpt-4.1-mini", "openai", 0.40m, 1.60m, cacheRead: 0.10m, maxOutput: 32768),
        ["text-embedding-3-small"] = Price("text-embedding-3-small", "openai", 0.02m, 0m, maxOutput: 0),
        ["claude-sonnet-4-5"] = Price("claude-sonnet-4-5", "anthropic", 3m, 15m, cacheRead: 0.30m, cacheWrite5m: 3.75m, cacheWrite1h: 6m, maxOutput: 64000),
    };

    public bool TryGetPrice(string model, [NotNullWhen(true)] out ModelPrice? price)
    {
        if (_prices.TryGetValue(model, out price))
        {
            return true;
        }

        // Dated snapshots ("gpt-4o-mini-2024-07-18", "claude-sonnet-4-5-20250929") resolve to their family entry.
        foreach (var (id, candidate) in _prices)
        {
            if (model.StartsWith(id + "-", StringComparison.Ordinal) && char.IsDigit(model[id.Length + 1]))
            {
                price = candidate;
                return true;
            }
        }

        price = null;
        return false;
    }

    private static ModelPrice Price(string id, string provider, decimal input, decimal output, decimal? cacheRead = null,
        decimal? cacheWrite5m = null, decimal? cacheWrite1h = null, int? maxOutput = null)
        => new(id, provider, new PriceRates(
            TokenRate.FromUsdPerMillionTokens(input),
            TokenRate.FromUsdPerMillionTokens(output),
            cacheRead is null ? null : TokenRate.FromUsdPerMillionTokens(cacheRead.Value),
            cacheWrite5m is null ? null : TokenRate.FromUsdPerMillionTokens(cacheWrite5m.Value),
            cacheWrite1h is null ? null : TokenRate.FromUsdPerMillionTokens(cacheWrite1h.Value)),
            maxOutputTokens: maxOutput);
}
