using System;
using System.Collections.Generic;

namespace AgentBudget.Pricing;

/// <summary>The per-token prices that apply to one bucket set of a model (the base prices, or a long-context tier's).</summary>
public sealed class PriceRates : IEquatable<PriceRates>
{
    /// <summary>Creates a rate set. Rates left <c>null</c> fall back as documented on each property.</summary>
    public PriceRates(TokenRate input, TokenRate output, TokenRate? cacheRead = null, TokenRate? cacheWrite5m = null,
        TokenRate? cacheWrite1h = null, TokenRate? reasoning = null)
    {
        Input = input;
        Output = output;
        CacheRead = cacheRead ?? input;
        CacheWrite5m = cacheWrite5m ?? input;
        CacheWrite1h = cacheWrite1h ?? CacheWrite5m;
        Reasoning = reasoning ?? output;
    }

    /// <summary>Uncached prompt tokens.</summary>
    public TokenRate Input { get; }

    /// <summary>Visible output tokens.</summary>
    public TokenRate Output { get; }

    /// <summary>Prompt tokens read from the cache (defaults to <see cref="Input"/> when the model has no cache price).</summary>
    public TokenRate CacheRead { get; }

    /// <summary>Prompt tokens written to a 5-minute cache (defaults to <see cref="Input"/>).</summary>
    public TokenRate CacheWrite5m { get; }

    /// <summary>Prompt tokens written to a 1-hour cache (defaults to <see cref="CacheWrite5m"/>).</summary>
    public TokenRate CacheWrite1h { get; }

    /// <summary>Reasoning tokens (defaults to <see cref="Output"/>).</summary>
    public TokenRate Reasoning { get; }

    /// <inheritdoc />
    public bool Equals(PriceRates? other) => other is not null && Input == other.Input && Output == other.Output
        && CacheRead == other.CacheRead && CacheWrite5m == other.CacheWrite5m && CacheWrite1h == other.CacheWrite1h
        && Reasoning == other.Reasoning;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PriceRates);

    /// <inheritdoc />
    public override int GetHashCode() => unchecked((Input.GetHashCode() * 397) ^ Output.GetHashCode());
}

/// <summary>A long-context tier: when a request's whole prompt exceeds <see cref="ThresholdTokens"/>, <see cref="Rates"/> apply to every bucket.</summary>
public sealed class LongContextTier
{
    /// <summary>Creates a tier.</summary>
    public LongContextTier(long thresholdTokens, PriceRates rates)
    {
        if (thresholdTokens <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(thresholdTokens), thresholdTokens, "A tier threshold must be positive.");
        }

        ThresholdTokens = thresholdTokens;
        Rates = rates ?? throw new ArgumentNullException(nameof(rates));
    }

    /// <summary>The tier applies when the prompt has <b>more</b> than this many tokens (cached tokens included).</summary>
    public long ThresholdTokens { get; }

    /// <summary>The prices for every bucket of such a request.</summary>
    public PriceRates Rates { get; }
}

/// <summary>Everything AgentBudget knows about the price of one model.</summary>
public sealed class ModelPrice
{
    private static readonly LongContextTier[] NoTiers = [];
    private static readonly string[] NoAliases = [];

    /// <summary>Creates a model price. Tiers must have strictly increasing thresholds.</summary>
    /// <param name="modelId">The canonical model id.</param>
    /// <param name="provider">The provider that sells the model.</param>
    /// <param name="rates">The base prices.</param>
    /// <param name="longContextTiers">Long-context tiers in strictly increasing threshold order.</param>
    /// <param name="batchDiscountPercent">Discount for batch requests, 0 to 100.</param>
    /// <param name="maxOutputTokens">The most output tokens one call can produce, when known.</param>
    /// <param name="retirementDate">The date the provider retires the model, when announced.</param>
    /// <param name="aliases">Other exact ids with this price (dated snapshots, <c>-latest</c> names that point here).</param>
    /// <param name="allowsDatedSuffixes">Whether <c>id-YYYY-MM-DD</c>, <c>id-YYYYMMDD</c>, <c>id@YYYYMMDD</c> and <c>id-NNN</c> resolve to this model.</param>
    /// <param name="contextWindow">The context window in tokens, when known.</param>
    /// <param name="isEmbedding">Whether this is an embedding model (no output tokens).</param>
    public ModelPrice(string modelId, string provider, PriceRates rates, IReadOnlyList<LongContextTier>? longContextTiers = null,
        int batchDiscountPercent = 0, int? maxOutputTokens = null, DateTime? retirementDate = null,
        IReadOnlyList<string>? aliases = null, bool allowsDatedSuffixes = false, int? contextWindow = null, bool isEmbedding = false)
    {
        if (string.IsNullOrWhiteSpace(modelId))
        {
            throw new ArgumentException("A model id is required.", nameof(modelId));
        }

        if (batchDiscountPercent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(batchDiscountPercent), batchDiscountPercent, "A batch discount is a percentage between 0 and 100.");
        }

        var tiers = longContextTiers is null || longContextTiers.Count == 0 ? NoTiers : new LongContextTier[longContextTiers.Count];
        for (var i = 0; i < tiers.Length; i++)
        {
            tiers[i] = longContextTiers![i];
            if (i > 0 && tiers[i].ThresholdTokens <= tiers[i - 1].ThresholdTokens)
            {
                throw new ArgumentException("Long-context tier thresholds must be strictly increasing.", nameof(longContextTiers));
            }
        }

        ModelId = modelId;
        Provider = provider ?? string.Empty;
        Rates = rates ?? throw new ArgumentNullException(nameof(rates));
        LongContextTiers = tiers;
        BatchDiscountPercent = batchDiscountPercent;
        MaxOutputTokens = maxOutputTokens;
        RetirementDate = retirementDate;
        Aliases = aliases is null || aliases.Count == 0 ? NoAliases : CopyAliases(aliases);
        AllowsDatedSuffixes = allowsDatedSuffixes;
        ContextWindow = contextWindow;
        IsEmbedding = isEmbedding;
    }

    private static string[] CopyAliases(IReadOnlyList<string> aliases)
    {
        var copy = new string[aliases.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = string.IsNullOrWhiteSpace(aliases[i])
                ? throw new ArgumentException("An alias cannot be empty.", nameof(aliases))
                : aliases[i];
        }

        return copy;
    }

    /// <summary>The canonical model id, as in the price table.</summary>
    public string ModelId { get; }

    /// <summary>The provider that sells the model (<c>openai</c>, <c>anthropic</c>, …).</summary>
    public string Provider { get; }

    /// <summary>Base prices.</summary>
    public PriceRates Rates { get; }

    /// <summary>Long-context tiers, in increasing threshold order (empty when the model has none).</summary>
    public IReadOnlyList<LongContextTier> LongContextTiers { get; }

    /// <summary>Discount for batch requests, in percent of the normal price (50 for half price).</summary>
    public int BatchDiscountPercent { get; }

    /// <summary>The most output tokens one call can produce, used to size reservations; null when unknown.</summary>
    public int? MaxOutputTokens { get; }

    /// <summary>The date the provider retires the model, when announced.</summary>
    public DateTime? RetirementDate { get; }

    /// <summary>Other exact ids that resolve to this price (dated snapshots, <c>-latest</c> names declared for this model).</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>
    /// Whether dated or versioned spellings of <see cref="ModelId"/> (<c>-2024-08-06</c>, <c>-20250929</c>,
    /// <c>@20240620</c>, <c>-001</c>) resolve to this price. <c>-latest</c> never does unless declared as an alias.
    /// </summary>
    public bool AllowsDatedSuffixes { get; }

    /// <summary>The context window in tokens, when known.</summary>
    public int? ContextWindow { get; }

    /// <summary>True for embedding models (they produce no output tokens).</summary>
    public bool IsEmbedding { get; }

    /// <summary>The rates that apply to a request whose whole prompt has <paramref name="totalInputTokens"/> tokens.</summary>
    public PriceRates RatesFor(long totalInputTokens)
    {
        var rates = Rates;
        var tiers = (LongContextTier[])LongContextTiers;
        for (var i = 0; i < tiers.Length; i++)
        {
            if (totalInputTokens > tiers[i].ThresholdTokens)
            {
                rates = tiers[i].Rates;
            }
        }

        return rates;
    }
}
