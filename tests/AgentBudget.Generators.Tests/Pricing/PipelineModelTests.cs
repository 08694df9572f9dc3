using System.Reflection;
using AgentBudget.Generators.Pricing;
using AgentBudget.Generators.Pricing.Model;
using Microsoft.CodeAnalysis;

namespace AgentBudget.Generators.Tests.Pricing;

/// <summary>Pipeline models are plain values: nothing in them can root a compilation or break caching.</summary>
public class PipelineModelTests
{
    private static readonly Type[] Banned =
        [typeof(Compilation), typeof(ISymbol), typeof(SyntaxNode), typeof(SemanticModel), typeof(SyntaxTree), typeof(Location), typeof(Diagnostic)];

    [Fact]
    public void No_tracked_output_holds_a_compilation_symbol_syntax_semantic_model_or_location()
    {
        var texts = GeneratorHarness.AllFixtures().Add(GeneratorHarness.PricingFile("broken.json", "{ \"schemaVersion\": 1, \"models\": { \"x\": { \"input\": -1 } } }"));
        var result = GeneratorHarness.Run(texts);

        var walked = 0;
        foreach (var step in PriceTableGeneratorSteps.All)
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(run => run.Outputs))
            {
                Walk(output.Value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
                walked++;
            }
        }

        Assert.True(walked >= PriceTableGeneratorSteps.All.Length);
    }

    [Fact]
    public void Parsing_the_same_text_twice_gives_equal_models_and_a_changed_price_does_not()
    {
        var text = File.ReadAllText(Path.Combine(GeneratorHarness.FixturesDirectory, "anthropic.json"));

        var first = PricingFileParser.Parse("/p/pricing/anthropic.json", text);
        var second = PricingFileParser.Parse("/p/pricing/anthropic.json", text);
        var changed = PricingFileParser.Parse("/p/pricing/anthropic.json", text.Replace("\"output\": 15,", "\"output\": 16,", StringComparison.Ordinal));

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first.Spec, changed.Spec);
    }

    [Fact]
    public void Specs_hold_exact_picodollar_rates()
    {
        var text = File.ReadAllText(Path.Combine(GeneratorHarness.FixturesDirectory, "anthropic.json"));

        var sonnet = PricingFileParser.Parse("/p/pricing/anthropic.json", text).Spec.Models.Single(m => m.Id == "claude-sonnet-4-5");

        Assert.Equal(new PricingRatesSpec(3_000_000, 15_000_000, 300_000, 3_750_000, 6_000_000, null), sonnet.Rates);
        Assert.Equal(new PricingRatesSpec(6_000_000, 22_500_000, 600_000, 7_500_000, 12_000_000, null), sonnet.Tiers.Single().Rates);
        Assert.Equal(200_000, sonnet.Tiers.Single().Above);
    }

    private static void Walk(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is decimal)
        {
            return;
        }

        var type = value.GetType();
        foreach (var banned in Banned)
        {
            Assert.False(banned.IsAssignableFrom(type), $"{path} holds a {banned.Name} ({type.FullName})");
        }

        if (!type.IsValueType && !seen.Add(value))
        {
            return;
        }

        // Arrays are walked item by item; every other collection (List, EquatableArray, ImmutableArray, Dictionary)
        // is walked through its fields, which end in arrays.
        if (value is Array items)
        {
            var i = 0;
            foreach (var item in items)
            {
                Walk(item, path + "[" + i++ + "]", seen);
            }
        }

        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer || field.FieldType.IsByRefLike)
                {
                    continue;
                }

                Walk(field.GetValue(value), path + "." + field.Name, seen);
            }
        }
    }
}
