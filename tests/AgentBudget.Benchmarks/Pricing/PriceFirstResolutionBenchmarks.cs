using AgentBudget.Pricing;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AgentBudget.Benchmarks.Pricing;

/// <summary>
/// The first lookup of a name that needs resolution (provider prefix, dated suffix, unknown): each operation asks for
/// a name the catalog has never seen, so it runs the resolution steps and caches the answer. Every iteration starts a
/// fresh catalog (built-in prices) and asks it <see cref="NamesPerIteration"/> distinct names. Baseline: a fresh exact id.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PriceFirstResolutionBenchmarks
{
    public const int NamesPerIteration = 1024;

    private readonly string[] _exact = new string[NamesPerIteration];
    private readonly string[] _prefixed = new string[NamesPerIteration];
    private readonly string[] _dated = new string[NamesPerIteration];
    private readonly string[] _unknown = new string[NamesPerIteration];
    private PriceCatalog _catalog = null!;

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < NamesPerIteration; i++)
        {
            _exact[i] = new string("gpt-4o".AsSpan());
            _prefixed[i] = "router" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/openai/gpt-4o";
            // Real-looking dates: 2024–2027, months 1–12, days 1–28 (1,344 distinct names).
            var year = 2024 + (i / 336);
            var month = 1 + (i % 336 / 28);
            var day = 1 + (i % 28);
            _dated[i] = FormattableString.Invariant($"gpt-4o-{year:0000}-{month:00}-{day:00}");
            _unknown[i] = "acme-model-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var check = new PriceCatalog(BuiltInPriceTable.Table, includeCompiledOverlays: false);
        if (!check.TryGetPrice(_prefixed[5], out _, out var prefixMatch) || prefixMatch != ModelNameMatch.ProviderPrefix
            || !check.TryGetPrice(_dated[700], out _, out var datedMatch) || datedMatch != ModelNameMatch.DatedSuffix
            || check.TryGetPrice(_unknown[3], out _))
        {
            throw new InvalidOperationException("The synthetic names do not resolve as intended.");
        }
    }

    [IterationSetup]
    public void FreshCatalog() => _catalog = new PriceCatalog(BuiltInPriceTable.Table, includeCompiledOverlays: false);

    [Benchmark(Baseline = true, OperationsPerInvoke = NamesPerIteration, Description = "First lookup: exact id")]
    [BenchmarkCategory("FirstResolution")]
    [InvocationCount(1)]
    public int FirstExact() => LookUpAll(_exact);

    [Benchmark(OperationsPerInvoke = NamesPerIteration, Description = "First lookup: provider-prefixed")]
    [BenchmarkCategory("FirstResolution")]
    [InvocationCount(1)]
    public int FirstPrefixed() => LookUpAll(_prefixed);

    [Benchmark(OperationsPerInvoke = NamesPerIteration, Description = "First lookup: dated suffix")]
    [BenchmarkCategory("FirstResolution")]
    [InvocationCount(1)]
    public int FirstDated() => LookUpAll(_dated);

    [Benchmark(OperationsPerInvoke = NamesPerIteration, Description = "First lookup: unknown model")]
    [BenchmarkCategory("FirstResolution")]
    [InvocationCount(1)]
    public int FirstMiss() => LookUpAll(_unknown);

    private int LookUpAll(string[] names)
    {
        var found = 0;
        foreach (var name in names)
        {
            if (_catalog.TryGetPrice(name, out _))
            {
                found++;
            }
        }

        return found;
    }
}
