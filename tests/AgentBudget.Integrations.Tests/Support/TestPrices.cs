using System.Diagnostics.CodeAnalysis;
using AgentBudget.Pricing;

namespace AgentBudget.Integrations.Tests.Support;

/// <summary>
/// A test-local price catalog with explicit prices (USD per million tokens), so every expected dollar amount in the
/// tests can be derived by hand. Dated snapshot ids map to the same price as their alias, as a real catalog does.
/// </summary>
public sealed class TestPrices : IPriceCatalog
{
    public static readonly ModelPrice Gpt4oMini = new("gpt-4o-mini", "openai",
        new PriceRates(Rate(0.15m), Rate(0.60m), cacheRead: Rate(0.075m)), maxOutputTokens: 16384);

    public static readonly ModelPrice Gpt4o = new("gpt-4o", "openai",
        new PriceRates(Rate(2.50m), Rate(10m), cacheRead: Rate(1.25m)), maxOutputTokens: 16384);

    public static readonly ModelPrice Gpt41Mini = new("gpt-4.1-mini", "openai",
        new PriceRates(Rate(0.40m), Rate(1.60m), cacheRead: Rate(0.10m)), maxOutputTokens: 32768);

    public static readonly ModelPrice ClaudeSonnet45 = new("claude-sonnet-4-5", "anthropic",
        new PriceRates(Rate(3m), Rate(15m), cacheRead: Rate(0.30m), cacheWrite5m: Rate(3.75m), cacheWrite1h: Rate(6m)), maxOutputTokens: 64000);

    public static readonly ModelPrice ClaudeHaiku45 = new("claude-haiku-4-5", "anthropic",
        new PriceRates(Rate(1m), Rate(5m), cacheRead: Rate(0.10m), cacheWrite5m: Rate(1.25m), cacheWrite1h: Rate(2m)), maxOutputTokens: 64000);

    public static readonly ModelPrice TextEmbedding3Small = new("text-embedding-3-small", "openai",
        new PriceRates(Rate(0.02m), Rate(0m)));

    public static readonly TestPrices Instance = new();

    private readonly Dictionary<string, ModelPrice> _prices = new(StringComparer.Ordinal)
    {
        ["gpt-4o-mini"] = Gpt4oMini,
        ["gpt-4o-mini-2024-07-18"] = Gpt4oMini,
        ["gpt-4o"] = Gpt4o,
        ["gpt-4o-2024-08-06"] = Gpt4o,
        ["gpt-4.1-mini"] = Gpt41Mini,
        ["gpt-4.1-mini-2025-04-14"] = Gpt41Mini,
        ["claude-sonnet-4-5"] = ClaudeSonnet45,
        ["claude-sonnet-4-5-20250929"] = ClaudeSonnet45,
        ["claude-haiku-4-5"] = ClaudeHaiku45,
        ["claude-haiku-4-5-20251001"] = ClaudeHaiku45,
        ["text-embedding-3-small"] = TextEmbedding3Small,
    };

    public bool TryGetPrice(string model, [NotNullWhen(true)] out ModelPrice? price) => _prices.TryGetValue(model, out price);

    public static BudgetOptions Options(string maxSpend, Action<BudgetOptions>? configure = null)
    {
        var options = new BudgetOptions { MaxSpend = BudgetAmount.Parse(maxSpend), Prices = Instance };
        configure?.Invoke(options);
        return options;
    }

    public static BudgetSession Session(string maxSpend, Action<BudgetOptions>? configure = null)
        => new Budget(Options(maxSpend, configure)).StartSession();

    public static Money Usd(string dollars) => Money.FromDollars(decimal.Parse(dollars, System.Globalization.CultureInfo.InvariantCulture));

    private static TokenRate Rate(decimal usdPerMillion) => TokenRate.FromUsdPerMillionTokens(usdPerMillion);
}
