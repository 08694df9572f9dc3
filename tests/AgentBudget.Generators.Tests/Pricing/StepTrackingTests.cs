using AgentBudget.Generators.Pricing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AgentBudget.Generators.Tests.Pricing;

/// <summary>The pipeline is incremental: unrelated edits re-run nothing that matters, pricing edits re-run only pricing.</summary>
public class StepTrackingTests
{
    private const string Program = "namespace Consumer { public static class Agent { public static int Answer() => 41; } }";
    private const string EditedProgram = "namespace Consumer { public static class Agent { public static int Answer() => 42; public static void More() { } } }";

    [Fact]
    public void An_unrelated_csharp_edit_leaves_every_pricing_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.CreateCompilation(Program);
        var driver = GeneratorHarness.CreateDriver(GeneratorHarness.AllFixtures()).RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees[0],
            CSharpSyntaxTree.ParseText(EditedProgram, (CSharpParseOptions)compilation.SyntaxTrees[0].Options, path: "/repo/consumer/Program.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (var step in PriceTableGeneratorSteps.All)
        {
            var reasons = Reasons(result, step);
            Assert.NotEmpty(reasons);
            Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"{step} was {reason} after an unrelated C# edit"));
        }

        // The outputs themselves (the generated table) were not re-produced either.
        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void A_price_edit_reruns_only_the_edited_file_and_the_table()
    {
        var compilation = GeneratorHarness.CreateCompilation(Program);
        var openai = GeneratorHarness.Fixture("openai.json");
        var texts = new[] { GeneratorHarness.Fixture("anthropic.json"), GeneratorHarness.Fixture("google.json"), openai };
        var driver = GeneratorHarness.CreateDriver(texts).RunGenerators(compilation);

        var cheaper = GeneratorHarness.PricingFile("openai.json", File.ReadAllText(Path.Combine(GeneratorHarness.FixturesDirectory, "openai.json"))
            .Replace("\"input\": 2.5,", "\"input\": 2.25,", StringComparison.Ordinal));
        var result = driver.ReplaceAdditionalText(openai, cheaper).RunGenerators(compilation).GetRunResult().Results.Single();

        Assert.Equal([IncrementalStepRunReason.Cached, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Modified],
            Reasons(result, PriceTableGeneratorSteps.PricingFiles));
        Assert.Equal([IncrementalStepRunReason.Cached, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Modified],
            Reasons(result, PriceTableGeneratorSteps.PricingFileSpecs));
        Assert.Equal([IncrementalStepRunReason.Modified], Reasons(result, PriceTableGeneratorSteps.PriceTable));
        Assert.Equal([IncrementalStepRunReason.Cached], Reasons(result, PriceTableGeneratorSteps.ConsumerFacts));
        Assert.Equal([IncrementalStepRunReason.Cached], Reasons(result, PriceTableGeneratorSteps.TableRole));
        Assert.Contains("Rate(2250000L /* $2.25/M */)", result.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_whitespace_only_pricing_edit_stops_at_the_position_free_specs()
    {
        var compilation = GeneratorHarness.CreateCompilation(Program);
        var openai = GeneratorHarness.Fixture("openai.json");
        var driver = GeneratorHarness.CreateDriver([openai]).RunGenerators(compilation);

        var reformatted = GeneratorHarness.PricingFile("openai.json", File.ReadAllText(Path.Combine(GeneratorHarness.FixturesDirectory, "openai.json"))
            .Replace("  \"models\": {", "\n\n  \"models\":    {", StringComparison.Ordinal));
        var result = driver.ReplaceAdditionalText(openai, reformatted).RunGenerators(compilation).GetRunResult().Results.Single();

        // Positions moved (the diagnostics branch sees new name sites), but the table spec is equal, so nothing is re-emitted.
        Assert.Equal([IncrementalStepRunReason.Modified], Reasons(result, PriceTableGeneratorSteps.PricingFiles));
        Assert.Equal([IncrementalStepRunReason.Unchanged], Reasons(result, PriceTableGeneratorSteps.PricingFileSpecs));
        Assert.Equal([IncrementalStepRunReason.Cached], Reasons(result, PriceTableGeneratorSteps.PriceTable));
    }

    internal static IncrementalStepRunReason[] Reasons(GeneratorRunResult result, string step)
        => result.TrackedSteps.TryGetValue(step, out var runs)
            ? runs.SelectMany(run => run.Outputs).Select(output => output.Reason).ToArray()
            : [];
}
