using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AgentBudget.Generators.Tests.Pricing;

/// <summary>What the generator writes, for which role, and when it writes nothing.</summary>
public class PriceTableEmissionTests
{
    [Theory]
    [InlineData("BuiltIn", "BuiltInPriceTable.g.cs.txt", "AgentBudget.Pricing.BuiltInPriceTable.g.cs")]
    [InlineData(null, "ProjectPriceTable.g.cs.txt", "AgentBudget.Generated.ProjectPriceTable.g.cs")]
    public void Emitted_table_matches_the_committed_baseline(string? role, string baseline, string hintName)
    {
        var result = GeneratorHarness.Run(GeneratorHarness.AllFixtures(), role);

        var source = Assert.Single(result.GeneratedSources);
        Assert.Equal(hintName, source.HintName);
        var actual = source.SourceText.ToString();
        var path = Path.Combine(BaselineDirectory(), baseline);
        if (Environment.GetEnvironmentVariable("AGENTBUDGET_UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.Equal(File.ReadAllText(path), actual);
    }

    [Fact]
    public void Output_does_not_depend_on_file_order_or_folder()
    {
        var forward = GeneratorHarness.Run(GeneratorHarness.AllFixtures()).GeneratedSources.Single().SourceText.ToString();
        var reversed = GeneratorHarness.Run(GeneratorHarness.AllFixtures().Reverse()).GeneratedSources.Single().SourceText.ToString();
        var moved = GeneratorHarness.Run(GeneratorHarness.AllFixtures().Select(t =>
                (AdditionalText)new InMemoryAdditionalText(t.Path.Replace("/repo/consumer/", "C:\\other\\place\\", StringComparison.Ordinal).Replace('/', '\\'),
                    t.GetText()!.ToString())))
            .GeneratedSources.Single().SourceText.ToString();

        Assert.Equal(forward, reversed);
        Assert.Equal(forward, moved);
        Assert.DoesNotContain("/repo/", forward, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("BuiltIn")]
    public void Generated_table_compiles_without_any_diagnostic(string? role)
    {
        var compilation = GeneratorHarness.CreateCompilation();
        GeneratorHarness.CreateDriver(GeneratorHarness.AllFixtures(), role)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void Consumer_table_compiles_under_csharp_9()
    {
        var compilation = GeneratorHarness.CreateCompilation(languageVersion: LanguageVersion.CSharp9);
        GeneratorHarness.CreateDriver(GeneratorHarness.AllFixtures(), languageVersion: LanguageVersion.CSharp9)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        Assert.Single(output.SyntaxTrees, tree => tree.FilePath.EndsWith("ProjectPriceTable.g.cs", StringComparison.Ordinal));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void A_project_without_pricing_files_gets_no_source_and_no_diagnostic()
    {
        var result = GeneratorHarness.Run([new InMemoryAdditionalText("/repo/consumer/appsettings.json", "{}")]);

        Assert.Empty(result.GeneratedSources);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void The_runtime_gets_an_empty_built_in_table_when_there_are_no_pricing_files()
    {
        var result = GeneratorHarness.Run([], role: "BuiltIn");

        var source = Assert.Single(result.GeneratedSources).SourceText.ToString();
        Assert.Contains("internal static partial class BuiltInPriceTable", source, StringComparison.Ordinal);
        Assert.Contains("internal const int ModelCount = 0;", source, StringComparison.Ordinal);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Schema_files_other_folders_and_other_kinds_are_not_pricing_files()
    {
        var model = "{ \"schemaVersion\": 1, \"provider\": \"acme\", \"source\": \"s\", \"checked\": \"2026-01-01\", \"models\": { \"acme-1\": { \"input\": 1, \"output\": 2 } } }";
        var texts = new AdditionalText[]
        {
            new InMemoryAdditionalText("/repo/consumer/pricing/pricing.schema.json", "{ \"$schema\": \"http://json-schema.org/draft-07/schema#\" }"),
            new InMemoryAdditionalText("/repo/consumer/config/prices.json", model),
            new InMemoryAdditionalText("/repo/consumer/pricing/other-kind.json", "not json at all"),
        };
        var kinds = new Dictionary<string, string> { ["/repo/consumer/pricing/other-kind.json"] = "Settings" };

        var result = GeneratorHarness.CreateDriver(texts, kindByPath: kinds).RunGenerators(GeneratorHarness.CreateCompilation()).GetRunResult().Results.Single();

        Assert.Empty(result.GeneratedSources);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void A_file_tagged_Pricing_is_read_wherever_it_lives()
    {
        var model = "{ \"schemaVersion\": 1, \"provider\": \"acme\", \"source\": \"s\", \"checked\": \"2026-01-01\", \"models\": { \"acme-1\": { \"input\": 1, \"output\": 2 } } }";
        var texts = new AdditionalText[] { new InMemoryAdditionalText("/repo/consumer/config/prices.json", model) };
        var kinds = new Dictionary<string, string> { ["/repo/consumer/config/prices.json"] = "Pricing" };

        var result = GeneratorHarness.CreateDriver(texts, kindByPath: kinds).RunGenerators(GeneratorHarness.CreateCompilation()).GetRunResult().Results.Single();

        Assert.Contains("modelId: \"acme-1\"", Assert.Single(result.GeneratedSources).SourceText.ToString(), StringComparison.Ordinal);
    }

    private static string BaselineDirectory([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(thisFile)!, "Baselines");
}
