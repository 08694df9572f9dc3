using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AgentBudget.Generators.Tests.Pricing;

/// <summary>Diagnostics that need more than one file, or the project's settings.</summary>
public class GeneratorDiagnosticsTests
{
    private const string Acme = """
        {
          "schemaVersion": 1,
          "provider": "acme",
          "source": "Acme price page",
          "checked": "2026-01-01",
          "models": {
            "acme-large": { "input": 4, "output": 12 },
            "my-gpt": { "input": 1, "output": 1, "aliases": ["gpt-4o-2024-08-06"] },
            "gpt-4o": { "input": 99, "output": 99 }
          }
        }
        """;

    [Fact]
    public void A_model_or_alias_defined_in_two_files_is_reported_where_the_second_one_is()
    {
        // "acme.json" sorts before "openai.json", so Acme's definitions win and OpenAI's are the duplicates.
        var result = GeneratorHarness.Run([GeneratorHarness.PricingFile("acme.json", Acme), GeneratorHarness.Fixture("openai.json")]);

        Assert.Equal(["AB1009 openai.json(8,5)", "AB1009 openai.json(15,19)"],
            result.Diagnostics.Select(GeneratorHarness.Describe));
        Assert.Equal(
            "The model id 'gpt-4o' is already defined in acme.json (line 9, column 5); ids and aliases must be unique across all pricing files (case-insensitive). The first definition is used; remove this one.",
            result.Diagnostics.Single(d => d.Location.GetLineSpan().StartLinePosition.Line == 7).GetMessage(System.Globalization.CultureInfo.InvariantCulture));

        var lines = result.GeneratedSources.Single().SourceText.ToString().Split('\n').Select(line => line.Trim()).ToArray();
        var gpt4o = Assert.Single(Enumerable.Range(0, lines.Length), i => lines[i] == "modelId: \"gpt-4o\",");
        Assert.Equal("provider: \"acme\",", lines[gpt4o + 1]);
    }

    [Fact]
    public void A_consumer_on_csharp_7_3_gets_AB1020_instead_of_code_that_does_not_compile()
    {
        var result = GeneratorHarness.Run(GeneratorHarness.AllFixtures(), languageVersion: LanguageVersion.CSharp7_3);

        Assert.Empty(result.GeneratedSources);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("AB1020", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.StartsWith("The project's pricing files cannot be compiled into a price table: C# 7.3 is too old",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void The_built_in_role_ignores_the_consumer_language_rule()
    {
        var result = GeneratorHarness.Run(GeneratorHarness.AllFixtures(), role: "BuiltIn", languageVersion: LanguageVersion.CSharp7_3);

        Assert.Single(result.GeneratedSources);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Pricing_files_without_the_runtime_reference_give_AB1021_and_no_source()
    {
        var result = GeneratorHarness.Run(GeneratorHarness.AllFixtures(), compilation: GeneratorHarness.CreateCompilation(withRuntime: false));

        Assert.Empty(result.GeneratedSources);
        Assert.Equal("AB1021", Assert.Single(result.Diagnostics).Id);
    }

    [Fact]
    public void An_unreadable_file_is_reported_as_AB1999_and_the_generator_does_not_throw()
    {
        var result = GeneratorHarness.Run([new ThrowingAdditionalText("/repo/consumer/pricing/locked.json"), GeneratorHarness.Fixture("google.json")]);

        Assert.Null(result.Exception);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("AB1999", diagnostic.Id);
        Assert.Contains("IOException: disk on fire", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("gemini-2.5-pro", result.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_models_of_a_file_with_errors_are_still_emitted_and_the_broken_model_is_not()
    {
        var text = """
            {
              "schemaVersion": 1, "provider": "acme", "source": "s", "checked": "2026-01-01",
              "models": {
                "good": { "input": 1, "output": 2 },
                "bad": { "input": 1, "output": -2 }
              }
            }
            """;

        var result = GeneratorHarness.Run([GeneratorHarness.PricingFile("acme.json", text)]);

        Assert.Equal("AB1003 acme.json(5,36)", GeneratorHarness.Describe(Assert.Single(result.Diagnostics)));
        var source = result.GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("modelId: \"good\"", source, StringComparison.Ordinal);
        Assert.DoesNotContain("modelId: \"bad\"", source, StringComparison.Ordinal);
    }
}
