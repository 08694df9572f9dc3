using AgentBudget.Benchmarks.Support;
using AgentBudget.Pricing;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AgentBudget.Benchmarks.Runtime;

/// <summary>
/// Recording one LLM call with a full cost calculation: six buckets (uncached, cache read, 5-minute and 1-hour cache
/// writes, output, reasoning), each at its own rate, above a long-context tier. Baseline: the integer cost alone.
/// A <c>decimal</c> version of the same arithmetic is measured as the road not taken.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class LlmUsageBenchmarks
{
    private static readonly Money Limit = Money.FromPicodollars(9_000_000_000_000_000_000); // $9,000,000

    private ModelPrice _price = null!;
    private TokenUsage _usage;
    private decimal[] _decimalRates = null!;
    private long[] _tokens = null!;
    private BudgetSession _bare = null!;
    private BudgetSession _default = null!;

    [GlobalSetup]
    public void Setup()
    {
        var catalog = BenchPrices.Catalog();
        if (!catalog.TryGetPrice(BenchPrices.Reasoner, out var price))
        {
            throw new InvalidOperationException("The benchmark model is not in the catalog.");
        }

        _price = price;
        _usage = BenchPrices.FullUsage;
        var tier = price.RatesFor(_usage.TotalInputTokens);
        _decimalRates = [tier.Input.UsdPerMillionTokens, tier.CacheRead.UsdPerMillionTokens, tier.CacheWrite5m.UsdPerMillionTokens,
            tier.CacheWrite1h.UsdPerMillionTokens, tier.Output.UsdPerMillionTokens, tier.Reasoning.UsdPerMillionTokens];
        _tokens = [_usage.UncachedInputTokens, _usage.CacheReadTokens, _usage.CacheWrite5mTokens, _usage.CacheWrite1hTokens,
            _usage.OutputTokens, _usage.ReasoningTokens];
        if (CostCalculator.Calculate(_price, _usage) != Money.FromDollars(DecimalCost()))
        {
            throw new InvalidOperationException("The integer and decimal costs differ; the comparison would be meaningless.");
        }

        _bare = new Budget(new BudgetOptions
        {
            MaxSpend = Limit,
            Prices = catalog,
            EventCapacity = 0,
            LoopDetection = new LoopDetectionOptions { MaxRepeatedCalls = 0 },
        }).StartSession();
        _default = new Budget(new BudgetOptions
        {
            MaxSpend = Limit,
            Prices = catalog,
            LoopDetection = new LoopDetectionOptions { MaxRepeatedCalls = 0 },
        }).StartSession();
        for (var i = 0; i < 100; i++)
        {
            _bare.RecordUsage(BenchPrices.Reasoner, _usage);
            _default.RecordUsage(BenchPrices.Reasoner, _usage);
            _default.ReserveLlmCall(BenchPrices.Reasoner, BenchPrices.PromptTokens, BenchPrices.OutputTokens).SettleUsage(BenchPrices.Reasoner, _usage);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bare.Dispose();
        _default.Dispose();
    }

    [Benchmark(Baseline = true, Description = "CostCalculator.Calculate (integer picodollars)")]
    [BenchmarkCategory("LlmRecord")]
    public Money IntegerCost() => CostCalculator.Calculate(_price, _usage);

    [Benchmark(Description = "Same cost in decimal USD/M (reference)")]
    [BenchmarkCategory("LlmRecord")]
    public decimal DecimalCost()
    {
        var total = 0m;
        for (var i = 0; i < _tokens.Length; i++)
        {
            total += _tokens[i] * _decimalRates[i];
        }

        return total / 1_000_000m;
    }

    [Benchmark(Description = "RecordUsage: no events")]
    [BenchmarkCategory("LlmRecord")]
    public Money RecordUsageBare() => _bare.RecordUsage(BenchPrices.Reasoner, _usage);

    [Benchmark(Description = "RecordUsage: event log (default)")]
    [BenchmarkCategory("LlmRecord")]
    public Money RecordUsageDefault() => _default.RecordUsage(BenchPrices.Reasoner, _usage);

    [Benchmark(Description = "ReserveLlmCall + SettleUsage")]
    [BenchmarkCategory("LlmRecord")]
    public bool ReserveAndSettleUsage()
        => _default.ReserveLlmCall(BenchPrices.Reasoner, BenchPrices.PromptTokens, BenchPrices.OutputTokens).SettleUsage(BenchPrices.Reasoner, _usage);
}
