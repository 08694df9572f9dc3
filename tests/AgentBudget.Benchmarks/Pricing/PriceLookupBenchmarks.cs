using System.Collections.Frozen;
using AgentBudget.Pricing;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AgentBudget.Benchmarks.Pricing;

/// <summary>
/// Price lookups by model name at steady state (names that needed resolution are cached per catalog snapshot).
/// "Exact" compares the three ways the generated table could answer an exact id: a plain ordinal
/// <see cref="Dictionary{TKey,TValue}"/> (baseline), the generated <see cref="FrozenDictionary{TKey,TValue}"/> the
/// runtime uses, and the generated <c>switch</c> the generator also emits; then the full <see cref="PriceCatalog"/>
/// path a session uses for exact, case-insensitive, provider-prefixed, dated and unknown names. The comparison at 3,000
/// models is <see cref="GeneratedLookupBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PriceLookupBenchmarks
{
    private const string ExactName = "claude-sonnet-4-5";
    private const string CaseName = "Claude-Sonnet-4-5";
    private const string PrefixedName = "openrouter/anthropic/claude-sonnet-4-5";
    private const string DatedName = "gpt-4o-2024-05-13";
    private const string MissName = "acme-frontier-9000";

    private Dictionary<string, int> _dictionary = null!;
    private FrozenDictionary<string, int> _frozen = null!;
    private PriceCatalog _catalog = null!;
    private string _exactKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        _frozen = BuiltInPriceTable.Index;
        _dictionary = new Dictionary<string, int>(_frozen, StringComparer.Ordinal);
        _catalog = PriceCatalog.Default;
        // A different string instance with the same characters: a real caller's name is never the table's own literal.
        _exactKey = new string(ExactName.AsSpan());

        foreach (var name in new[] { ExactName, CaseName, PrefixedName, DatedName })
        {
            if (!_catalog.TryGetPrice(name, out _))
            {
                throw new InvalidOperationException($"'{name}' does not resolve; the benchmark would measure a miss.");
            }
        }

        if (_catalog.TryGetPrice(MissName, out _) || !BuiltInPriceTable.TryGetIndexBySwitch(_exactKey, out var bySwitch)
            || bySwitch != _frozen[_exactKey] || bySwitch != _dictionary[_exactKey])
        {
            throw new InvalidOperationException("The lookups disagree.");
        }
    }

    [Benchmark(Baseline = true, Description = "Dictionary<string,int> (Ordinal)")]
    [BenchmarkCategory("Exact")]
    public int ExactDictionary() => _dictionary.TryGetValue(_exactKey, out var index) ? index : -1;

    [Benchmark(Description = "Generated FrozenDictionary (Ordinal)")]
    [BenchmarkCategory("Exact")]
    public int ExactFrozen() => _frozen.TryGetValue(_exactKey, out var index) ? index : -1;

    [Benchmark(Description = "Generated switch")]
    [BenchmarkCategory("Exact")]
    public int ExactSwitch() => BuiltInPriceTable.TryGetIndexBySwitch(_exactKey, out var index) ? index : -1;

    [Benchmark(Description = "PriceCatalog: exact id")]
    [BenchmarkCategory("Exact")]
    public ModelPrice? CatalogExact() => _catalog.TryGetPrice(_exactKey, out var price) ? price : null;

    [Benchmark(Description = "PriceCatalog: other case (repeated)")]
    [BenchmarkCategory("Exact")]
    public ModelPrice? CatalogCaseInsensitive() => _catalog.TryGetPrice(CaseName, out var price) ? price : null;

    [Benchmark(Description = "PriceCatalog: provider-prefixed (repeated)")]
    [BenchmarkCategory("Exact")]
    public ModelPrice? CatalogPrefixed() => _catalog.TryGetPrice(PrefixedName, out var price) ? price : null;

    [Benchmark(Description = "PriceCatalog: dated suffix (repeated)")]
    [BenchmarkCategory("Exact")]
    public ModelPrice? CatalogDated() => _catalog.TryGetPrice(DatedName, out var price) ? price : null;

    [Benchmark(Description = "PriceCatalog: unknown model (repeated)")]
    [BenchmarkCategory("Exact")]
    public ModelPrice? CatalogMiss() => _catalog.TryGetPrice(MissName, out var price) ? price : null;
}
