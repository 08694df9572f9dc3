using System.Reflection;
using System.Runtime.Loader;
using AgentBudget.Pricing;
using Microsoft.CodeAnalysis;

namespace AgentBudget.Generators.Tests.Pricing;

/// <summary>
/// End to end in-process: a consumer project with its own pricing/*.json is compiled for real (against the real
/// AgentBudget.dll), emitted, loaded, and run. Its generated module initializer must register the table so that
/// PriceCatalog prices the consumer's models, including through name resolution.
/// </summary>
public class CompileAndRunTests
{
    private const string ConsumerPricing = """
        {
          "schemaVersion": 1,
          "provider": "acme",
          "source": "Acme AI price page (test)",
          "checked": "2026-03-01",
          "models": {
            "acme-e2e-large": { "input": 4, "output": 12, "cachedInput": 0.4, "datedSuffixes": true, "aliases": ["acme-e2e-large-latest"] },
            "acme-e2e-embed": { "input": 0.013, "embedding": true }
          }
        }
        """;

    private const string ConsumerSource = """
        using AgentBudget.Pricing;

        namespace Consumer
        {
            public static class Probe
            {
                public static string Run()
                {
                    var catalog = new PriceCatalog();
                    var parts = new System.Collections.Generic.List<string>();
                    foreach (var name in new[] { "acme-e2e-large", "ACME-E2E-LARGE", "acme/acme-e2e-large-2026-01-15", "acme-e2e-large-latest", "acme-e2e-embed", "acme-e2e-large-pro" })
                    {
                        parts.Add(catalog.TryGetPrice(name, out var price, out var match)
                            ? name + "=" + price.ModelId + ":" + match + ":" + CostCalculator.Calculate(price, TokenUsage.FromOpenAI(1000, 500, cachedTokens: 200)).ToString()
                            : name + "=unknown");
                    }

                    return string.Join("|", parts);
                }
            }
        }
        """;

    [Fact]
    public void Consumer_prices_compile_register_at_module_load_and_resolve_through_the_catalog()
    {
        var compilation = GeneratorHarness.CreateCompilation(ConsumerSource, assemblyName: "Consumer.E2E");
        GeneratorHarness.CreateDriver([GeneratorHarness.PricingFile("acme.json", ConsumerPricing)])
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);

        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));

        image.Position = 0;
        var assembly = new AssemblyLoadContext("consumer-e2e").LoadFromStream(image);
        var run = assembly.GetType("Consumer.Probe", throwOnError: true)!.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;
        var report = (string)run.Invoke(null, null)!;

        // 800 uncached × $4/M + 200 cached × $0.4/M + 500 output × $12/M = 0.0032 + 0.00008 + 0.006 = $0.00928.
        Assert.Equal(
            "acme-e2e-large=acme-e2e-large:Exact:$0.009280|"
            + "ACME-E2E-LARGE=acme-e2e-large:CaseInsensitive:$0.009280|"
            + "acme/acme-e2e-large-2026-01-15=acme-e2e-large:DatedSuffix:$0.009280|"
            + "acme-e2e-large-latest=acme-e2e-large:Exact:$0.009280|"
            + "acme-e2e-embed=acme-e2e-embed:Exact:$0.000013|"
            + "acme-e2e-large-pro=unknown",
            report);
        var overlay = Assert.Single(PriceCatalog.CompiledOverlays, table => table.Name == "Consumer.E2E");
        Assert.Equal(["acme-e2e-embed", "acme-e2e-large"], overlay.Models.Select(m => m.ModelId));
        var source = Assert.Single(overlay.Sources);
        Assert.Equal(("acme", "Acme AI price page (test)", new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), "acme.json"),
            (source.Provider, source.Source, source.CheckedOn, source.FileName));
    }

    [Fact]
    public void The_generated_switch_and_the_frozen_index_agree_on_every_name()
    {
        var compilation = GeneratorHarness.CreateCompilation(assemblyName: "Consumer.Switch");
        GeneratorHarness.CreateDriver(GeneratorHarness.AllFixtures())
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        using var image = new MemoryStream();
        Assert.True(output.Emit(image).Success);
        image.Position = 0;
        var table = new AssemblyLoadContext("consumer-switch").LoadFromStream(image).GetType("AgentBudget.Generated.ProjectPriceTable", throwOnError: true)!;

        var index = (System.Collections.Frozen.FrozenDictionary<string, int>)table.GetField("Index", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        var bySwitch = table.GetMethod("TryGetIndexBySwitch", BindingFlags.NonPublic | BindingFlags.Static)!;
        Assert.Equal(13, index.Count); // 9 models + 4 aliases
        foreach (var (name, dense) in index)
        {
            var arguments = new object?[] { name, null };
            Assert.True((bool)bySwitch.Invoke(null, arguments)!);
            Assert.Equal(dense, (int)arguments[1]!);
        }

        var missing = new object?[] { "o1-pro-2025", null };
        Assert.False((bool)bySwitch.Invoke(null, missing)!);
        Assert.Equal(-1, (int)missing[1]!);
    }
}
