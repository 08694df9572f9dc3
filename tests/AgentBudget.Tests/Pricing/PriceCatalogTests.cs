using System.Collections.Frozen;
using AgentBudget.Pricing;

namespace AgentBudget.Tests.Pricing;

/// <summary>Layering (run-time registration &gt; project compiled &gt; built-in), registration rules and thread safety.</summary>
public class PriceCatalogTests
{
    [Fact]
    public void Run_time_registration_beats_compiled_overlay_beats_built_in_and_lower_aliases_follow_the_override()
    {
        var builtIn = Table("built-in", Price("layer-model", 1m, aliases: ["layer-model-2026-01-01"]), Price("built-in-only", 2m));
        var catalog = new PriceCatalog(builtIn, includeCompiledOverlays: true);
        Assert.Equal(1m, InputPrice(catalog, "layer-model"));

        PriceCatalog.RegisterCompiledOverlay(Table("Layer.Tests", Price("layer-model", 5m), Price("overlay-only", 6m)));
        Assert.Equal(5m, InputPrice(catalog, "layer-model"));
        Assert.Equal(5m, InputPrice(catalog, "layer-model-2026-01-01")); // the built-in alias now reaches the override
        Assert.Equal(2m, InputPrice(catalog, "built-in-only"));
        Assert.Equal(6m, InputPrice(catalog, "overlay-only"));

        catalog.RegisterModel("layer-model", 9m, 10m);
        Assert.Equal(9m, InputPrice(catalog, "layer-model"));
        Assert.Equal(9m, InputPrice(catalog, "LAYER-MODEL"));
        Assert.Equal(6m, InputPrice(catalog, "overlay-only"));

        // A catalog that does not include compiled overlays is not affected by them.
        Assert.Equal(1m, InputPrice(new PriceCatalog(builtIn, includeCompiledOverlays: false), "layer-model"));
    }

    [Fact]
    public void An_empty_catalog_knows_nothing_until_told()
    {
        var catalog = PriceCatalog.CreateEmpty();
        Assert.False(catalog.TryGetPrice("gpt-4o", out _));
        Assert.Empty(catalog.Models);

        catalog.RegisterModel("gpt-4o", 2.5m, 10m, 1.25m, provider: "openai");

        Assert.True(catalog.TryGetPrice("openai/gpt-4o", out var price));
        Assert.Equal((2.5m, 10m, 1.25m, "openai"), (price.Rates.Input.UsdPerMillionTokens, price.Rates.Output.UsdPerMillionTokens,
            price.Rates.CacheRead.UsdPerMillionTokens, price.Provider));
    }

    [Theory]
    [InlineData(0.0000025, 10, "AB1006")]
    [InlineData(-1, 10, "AB1003")]
    [InlineData(2.5, 0.1234567, "AB1005")]
    [InlineData(2.5, 2000000, "AB1006")]
    public void Registration_applies_the_same_rules_as_pricing_files(double input, double output, string code)
    {
        var catalog = PriceCatalog.CreateEmpty();

        var error = Assert.Throws<PricingFileException>(() => catalog.RegisterModel("acme", (decimal)input, (decimal)output));

        Assert.Equal(code, Assert.Single(error.Errors).Code);
        Assert.False(catalog.TryGetPrice("acme", out _));
    }

    [Fact]
    public void A_model_price_built_in_code_is_validated_too_and_a_batch_is_all_or_nothing()
    {
        var catalog = PriceCatalog.CreateEmpty();
        var perToken = new ModelPrice("per-token", "acme", new PriceRates(TokenRate.FromPicodollarsPerToken(2), TokenRate.FromPicodollarsPerToken(8)));
        var good = Price("good", 1m);

        var error = Assert.Throws<PricingFileException>(() => catalog.RegisterModels([good, perToken, Price("GOOD", 3m)]));

        Assert.Equal(["AB1006", "AB1006", "AB1009"], error.Errors.Select(e => e.Code));
        Assert.False(catalog.TryGetPrice("good", out _));
    }

    [Fact]
    public void The_built_in_table_is_the_generated_one_and_its_index_switch_and_default_catalog_agree()
    {
        Assert.Same(BuiltInPriceTable.Table, PriceCatalog.BuiltIn);
        Assert.True(BuiltInPriceTable.Models.Length == BuiltInPriceTable.ModelCount);
        foreach (var (name, dense) in BuiltInPriceTable.Index)
        {
            var model = BuiltInPriceTable.Models[dense];
            Assert.True(model.ModelId == name || model.Aliases.Contains(name), name);
            Assert.True(BuiltInPriceTable.TryGetIndexBySwitch(name, out var bySwitch) && bySwitch == dense, name);
            Assert.True(PriceCatalog.Default.TryGetPrice(name, out var price, out var match) && match == ModelNameMatch.Exact, name);
        }

        Assert.False(BuiltInPriceTable.TryGetIndexBySwitch("no-such-model", out var missing));
        Assert.Equal(-1, missing);
    }

    [Fact]
    public void Concurrent_registrations_and_lookups_lose_nothing()
    {
        var catalog = PriceCatalog.CreateEmpty();
        catalog.RegisterModel("steady", 1m, 1m);
        var misses = 0;

        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            catalog.RegisterModel("concurrent-" + i, 1m + i, 2m);
            if (!catalog.TryGetPrice("steady", out _) || !catalog.TryGetPrice("openai/concurrent-" + i, out _))
            {
                Interlocked.Increment(ref misses);
            }
        });

        Assert.Equal(0, misses);
        Assert.Equal(201, catalog.Models.Count);
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(1m + i, InputPrice(catalog, "concurrent-" + i));
        }
    }

    private static decimal InputPrice(PriceCatalog catalog, string model)
    {
        Assert.True(catalog.TryGetPrice(model, out var price), model);
        return price.Rates.Input.UsdPerMillionTokens;
    }

    private static ModelPrice Price(string id, decimal input, string[]? aliases = null)
        => new(id, "test", new PriceRates(TokenRate.FromUsdPerMillionTokens(input), TokenRate.FromUsdPerMillionTokens(input * 2)), aliases: aliases);

    private static CompiledPriceTable Table(string name, params ModelPrice[] models)
    {
        var sorted = models.OrderBy(m => m.ModelId, StringComparer.Ordinal).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < sorted.Length; i++)
        {
            index[sorted[i].ModelId] = i;
            foreach (var alias in sorted[i].Aliases)
            {
                index[alias] = i;
            }
        }

        return new CompiledPriceTable(name, sorted, index.ToFrozenDictionary(StringComparer.Ordinal), []);
    }
}
