using AgentBudget.Pricing;

namespace AgentBudget.Tests.Pricing;

/// <summary>
/// Golden costs, exact to the picodollar, for every provider's usage semantics. Expected values were computed
/// independently from the published per-million prices (comment: the same amount in dollars).
/// </summary>
public class GoldenCostTests
{
    private static readonly PriceCatalog Catalog = PricingFixtures.CreateCatalog();

    [Theory]
    [InlineData("gpt-4o", "openai", 1000, 500, 0, 0, 0, false, 7500000000L, "plain input and output")] // $0.0075
    [InlineData("gpt-4o", "openai", 1000, 500, 400, 0, 0, false, 7000000000L, "cached tokens are a subset of prompt tokens")] // $0.007
    [InlineData("gpt-4o", "openai", 1000, 500, 0, 0, 0, true, 3750000000L, "batch at half price")] // $0.00375
    [InlineData("gpt-4o", "openai", 1000, 500, 400, 0, 0, true, 3500000000L, "batch discount applies to cached input too")] // $0.0035
    [InlineData("gpt-4o-2024-08-06", "openai", 2048, 256, 1024, 0, 0, false, 6400000000L, "dated alias prices as gpt-4o")] // $0.0064
    [InlineData("gpt-4o-mini", "openai", 12345, 678, 1024, 0, 0, false, 2181750000L, "mini with a cache hit")] // $0.00218175
    [InlineData("gpt-4o-mini", "openai", 12345, 678, 1024, 0, 0, true, 1090875000L, "mini batch")] // $0.001090875
    [InlineData("o1", "openai", 2000, 3000, 0, 2500, 0, false, 210000000000L, "reasoning tokens are a subset of completion tokens")] // $0.21
    [InlineData("o1", "openai", 5000, 3000, 4096, 2500, 0, false, 224280000000L, "reasoning plus cache hit")] // $0.22428
    [InlineData("o1-pro", "openai", 1000, 1000, 0, 800, 0, false, 750000000000L, "o1-pro is ten times o1, never priced as o1")] // $0.75
    [InlineData("o1", "openai", 1000, 1000, 0, 800, 0, false, 75000000000L, "o1 for comparison with o1-pro")] // $0.075
    [InlineData("o3-mini", "openai", 7000, 9000, 3000, 8000, 0, false, 45650000000L, "o3-mini reasoning-heavy call")] // $0.04565
    [InlineData("gpt-5", "openai", 272000, 10000, 100000, 8000, 0, false, 327500000000L, "gpt-5 large prompt (no tier declared)")] // $0.3275
    [InlineData("gpt-5", "openai", 272000, 10000, 100000, 8000, 0, true, 163750000000L, "gpt-5 batch")] // $0.16375
    [InlineData("text-embedding-3-small", "openai", 8191, 0, 0, 0, 0, false, 163820000L, "embedding: input only")] // $0.00016382
    [InlineData("gpt-4o", "openai", 100, 50, 0, 500, 0, false, 750000000L, "reasoning above completion is clamped (provider bug)")] // $0.00075
    [InlineData("gpt-4o", "openai", 100, 50, 500, 0, 0, false, 625000000L, "cached above prompt is clamped (provider bug)")] // $0.000625
    [InlineData("gpt-4o", "openai", 0, 0, 0, 0, 0, false, 0L, "no tokens cost nothing")] // $0
    [InlineData("gpt-4o", "openai", 10000000, 1000000, 0, 0, 0, false, 35000000000000L, "ten million prompt tokens do not overflow")] // $35
    [InlineData("claude-sonnet-4-5", "anthropic", 1000, 500, 0, 0, 0, false, 10500000000L, "plain input and output")] // $0.0105
    [InlineData("claude-sonnet-4-5", "anthropic", 1000, 500, 50000, 0, 0, false, 25500000000L, "cache reads are reported in addition to input")] // $0.0255
    [InlineData("claude-sonnet-4-5", "anthropic", 1000, 500, 0, 10000, 0, false, 48000000000L, "5-minute cache write")] // $0.048
    [InlineData("claude-sonnet-4-5", "anthropic", 1000, 500, 0, 0, 10000, false, 70500000000L, "1-hour cache write costs more than 5-minute")] // $0.0705
    [InlineData("claude-sonnet-4-5", "anthropic", 100, 2000, 150000, 30000, 19900, false, 307200000000L, "whole prompt exactly 200000: base prices")] // $0.3072
    [InlineData("claude-sonnet-4-5", "anthropic", 101, 2000, 150000, 30000, 19900, false, 599406000000L, "whole prompt 200001: tier prices on every bucket")] // $0.599406
    [InlineData("claude-sonnet-4-5", "anthropic", 101, 2000, 150000, 30000, 19900, true, 299703000000L, "long context and batch")] // $0.299703
    [InlineData("claude-sonnet-4-5-20250929", "anthropic", 3000, 700, 1200, 0, 0, false, 19860000000L, "dated id prices as the model")] // $0.01986
    [InlineData("claude-opus-4-1", "anthropic", 2500, 1200, 40000, 8000, 2000, false, 397500000000L, "opus, every bucket")] // $0.3975
    [InlineData("claude-opus-4-1", "anthropic", 0, 0, 0, 0, 100000, false, 3000000000000L, "opus 1-hour write only")] // $3
    [InlineData("claude-3-5-haiku", "anthropic", 4000, 900, 20000, 5000, 1000, false, 15000000000L, "haiku, every bucket")] // $0.015
    [InlineData("claude-3-5-haiku", "anthropic", 4000, 900, 0, 0, 0, true, 6800000000L, "batch flag without a declared discount charges full price")] // $0.0068
    [InlineData("gemini-2.5-pro", "google", 1000, 500, 0, 0, 0, false, 6250000000L, "plain input and output")] // $0.00625
    [InlineData("gemini-2.5-pro", "google", 1000, 200, 0, 800, 0, false, 11250000000L, "thinking tokens are separate from candidates and billed as output")] // $0.01125
    [InlineData("gemini-2.5-pro", "google", 50000, 1000, 30000, 2000, 0, false, 58750000000L, "cached content is a subset of the prompt")] // $0.05875
    [InlineData("gemini-2.5-pro", "google", 200000, 1000, 150000, 2000, 0, false, 111250000000L, "prompt of exactly 200000 (cached included): base prices")] // $0.11125
    [InlineData("gemini-2.5-pro", "google", 200001, 1000, 150000, 2000, 0, false, 207502500000L, "prompt of 200001 (cached included): tier on every bucket")] // $0.2075025
    [InlineData("gemini-2.5-pro", "google", 200001, 1000, 150000, 2000, 0, true, 103751250000L, "tier and batch")] // $0.10375125
    [InlineData("gemini-2.5-flash", "google", 30000, 1500, 10000, 6000, 0, false, 25050000000L, "flash with thinking and cache")] // $0.02505
    [InlineData("gemini-2.0-flash", "google", 120000, 4000, 100000, 0, 0, false, 6100000000L, "2.0 flash cache-heavy")] // $0.0061
    [InlineData("gemini-embedding-001", "google", 2048, 0, 0, 0, 0, false, 307200000L, "Gemini embedding")] // $0.0003072
    [InlineData("command-r", "openai", 5000, 1000, 0, 0, 0, false, 1350000000L, "Cohere command-r")] // $0.00135
    [InlineData("command-r-plus", "openai", 5000, 1000, 0, 0, 0, false, 22500000000L, "Cohere command-r-plus")] // $0.0225
    [InlineData("command", "openai", 5000, 1000, 0, 0, 0, false, 7000000000L, "Cohere legacy command")] // $0.007
    [InlineData("deepseek-chat", "openai", 64000, 2000, 48000, 0, 0, false, 6664000000L, "DeepSeek cache hits")] // $0.006664
    [InlineData("deepseek-reasoner", "openai", 10000, 12000, 0, 9000, 0, false, 7840000000L, "DeepSeek reasoning subset")] // $0.00784
    [InlineData("grok-4", "openai", 100000, 3000, 20000, 0, 0, false, 300000000000L, "grok-4 below its 128k tier")] // $0.3
    [InlineData("grok-4", "openai", 130000, 3000, 20000, 1000, 0, false, 780000000000L, "grok-4 above 128k: tier on cached too")] // $0.78
    [InlineData("mistral-large-latest", "openai", 9000, 1100, 0, 0, 0, false, 24600000000L, "Mistral -latest declared as an alias")] // $0.0246
    [InlineData("mistral-embed", "openai", 4096, 0, 0, 0, 0, false, 409600000L, "Mistral embedding")] // $0.0004096
    [InlineData("llama-3.3-70b-versatile", "openai", 10000, 2000, 0, 0, 0, false, 7480000000L, "Llama on Groq")] // $0.00748
    [InlineData("meta-llama/Llama-3.3-70B-Instruct-Turbo", "openai", 3000, 3000, 0, 0, 0, false, 5280000000L, "Llama on Together, id with a slash")] // $0.00528
    public void Cost_is_exact(string model, string usageShape, long a, long b, long c, long d, long e, bool isBatch, long expectedPicodollars, string why)
    {
        Assert.True(Catalog.TryGetPrice(model, out var price), model);
        var usage = usageShape switch
        {
            // a = prompt, b = completion, c = cached (subset of prompt), d = reasoning (subset of completion)
            "openai" => TokenUsage.FromOpenAI(a, b, c, d),
            // a = input, b = output, c = cache read, d = 5-minute write, e = 1-hour write (all in addition to input)
            "anthropic" => TokenUsage.FromAnthropic(a, b, c, d, e),
            // a = prompt, b = candidates, c = cached content (subset of prompt), d = thoughts (separate, billed as output)
            "google" => TokenUsage.FromGoogle(a, b, c, d),
            _ => throw new ArgumentOutOfRangeException(nameof(usageShape)),
        };

        var cost = CostCalculator.Calculate(price, usage, isBatch);

        Assert.True(expectedPicodollars == cost.Picodollars, $"{why}: expected {expectedPicodollars}, got {cost.Picodollars}");
        Assert.Equal(cost, CostCalculator.CalculateBreakdown(price, usage, isBatch).Total);
    }

    [Fact]
    public void Breakdown_shows_every_bucket_and_the_tier_that_applied()
    {
        Assert.True(Catalog.TryGetPrice("claude-sonnet-4-5", out var sonnet));

        var breakdown = CostCalculator.CalculateBreakdown(sonnet, TokenUsage.FromAnthropic(101, 2000, 150000, 30000, 19900), isBatch: true);

        Assert.Equal(606_000_000L, breakdown.UncachedInput.Picodollars);         // 101 × $6/M
        Assert.Equal(90_000_000_000L, breakdown.CacheRead.Picodollars);          // 150000 × $0.60/M
        Assert.Equal(225_000_000_000L, breakdown.CacheWrite5m.Picodollars);      // 30000 × $7.50/M
        Assert.Equal(238_800_000_000L, breakdown.CacheWrite1h.Picodollars);      // 19900 × $12/M
        Assert.Equal(45_000_000_000L, breakdown.Output.Picodollars);             // 2000 × $22.50/M
        Assert.Equal(0L, breakdown.Reasoning.Picodollars);
        Assert.Equal(299_703_000_000L, breakdown.BatchDiscount.Picodollars);
        Assert.Equal(299_703_000_000L, breakdown.Total.Picodollars);
        Assert.Equal(200_000L, breakdown.AppliedTier!.ThresholdTokens);
    }

    [Fact]
    public void Base_prices_apply_at_the_threshold_and_no_tier_is_reported()
    {
        Assert.True(Catalog.TryGetPrice("gemini-2.5-pro", out var pro));

        var breakdown = CostCalculator.CalculateBreakdown(pro, TokenUsage.FromGoogle(200_000, 10));

        Assert.Null(breakdown.AppliedTier);
        Assert.Equal(250_000_000_000L + 100_000_000L, breakdown.Total.Picodollars);
    }

    [Fact]
    public void A_provider_reported_cost_is_charged_only_when_preferred_and_both_figures_are_kept()
    {
        Assert.True(Catalog.TryGetPrice("gpt-4o", out var gpt4o));
        var usage = TokenUsage.FromOpenAI(1000, 500);
        var reported = AgentBudget.Money.FromDollars(0.0081m);

        var preferred = CostCalculator.Calculate(gpt4o, usage, isBatch: false, reported, ProviderCostPreference.PreferProviderReported);
        var calculated = CostCalculator.Calculate(gpt4o, usage, isBatch: false, reported, ProviderCostPreference.Calculate);
        var noneReported = CostCalculator.Calculate(gpt4o, usage, isBatch: false, null, ProviderCostPreference.PreferProviderReported);

        Assert.Equal(new CallCost(reported, CostSource.ProviderReported, AgentBudget.Money.FromDollars(0.0075m), reported), preferred);
        Assert.Equal(new CallCost(AgentBudget.Money.FromDollars(0.0075m), CostSource.Calculated, AgentBudget.Money.FromDollars(0.0075m), reported), calculated);
        Assert.Equal(new CallCost(AgentBudget.Money.FromDollars(0.0075m), CostSource.Calculated, AgentBudget.Money.FromDollars(0.0075m), null), noneReported);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            CostCalculator.Calculate(gpt4o, usage, false, AgentBudget.Money.FromDollars(-1m), ProviderCostPreference.PreferProviderReported));
    }

    [Fact]
    public void There_are_at_least_forty_golden_cases_across_every_provider()
    {
        var cases = typeof(GoldenCostTests).GetMethod(nameof(Cost_is_exact))!.GetCustomAttributes(typeof(InlineDataAttribute), false)
            .Cast<InlineDataAttribute>().Select(row => (string)row.GetData(null!).Single()[0]).ToList();

        Assert.True(cases.Count >= 40, $"{cases.Count} cases");
        foreach (var provider in new[] { "openai", "anthropic", "google", "cohere", "deepseek", "xai", "mistral", "groq", "together" })
        {
            Assert.Contains(cases, model => Catalog.TryGetPrice(model, out var price) && price.Provider == provider);
        }
    }
}
