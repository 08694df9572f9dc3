using AgentBudget.Pricing;
using AgentBudget.Shared.Pricing;

namespace AgentBudget.Tests.Pricing;

/// <summary>Run-time loading with System.Text.Json, validated by the same shared rules as the build.</summary>
public class PricingLoaderTests
{
    [Fact]
    public void A_valid_file_registers_every_model_with_exact_prices_and_metadata()
    {
        var catalog = PriceCatalog.CreateEmpty();

        var result = catalog.LoadFromJson(PricingFixtures.Anthropic, "anthropic.json");

        Assert.Equal(["claude-sonnet-4-5", "claude-opus-4-1", "claude-3-5-haiku", "claude-3-5-sonnet"], result.Models.Select(m => m.ModelId));
        Assert.Empty(result.Warnings);
        Assert.True(catalog.TryGetPrice("claude-sonnet-4-5-20250929", out var sonnet));
        Assert.Equal(3_750_000L, sonnet.Rates.CacheWrite5m.PicodollarsPerToken);
        Assert.Equal(6_000_000L, sonnet.Rates.CacheWrite1h.PicodollarsPerToken);
        Assert.Equal(200_000L, sonnet.LongContextTiers.Single().ThresholdTokens);
        Assert.Equal(22_500_000L, sonnet.LongContextTiers.Single().Rates.Output.PicodollarsPerToken);
        Assert.Equal((50, 64000, "anthropic"), (sonnet.BatchDiscountPercent, sonnet.MaxOutputTokens!.Value, sonnet.Provider));
    }

    [Fact]
    public void Dates_context_windows_and_embedding_flags_are_loaded()
    {
        var catalog = PriceCatalog.CreateEmpty();
        catalog.LoadFromJson("""
            { "schemaVersion": 1, "provider": "openai", "source": "s", "checked": "2026-11-01",
              "models": { "text-embedding-3-large": { "input": 0.13, "embedding": true, "contextWindow": 8191, "retires": "2027-01-31" } } }
            """);

        Assert.True(catalog.TryGetPrice("text-embedding-3-large", out var embedding));
        Assert.True(embedding.IsEmbedding);
        Assert.Equal(8191, embedding.ContextWindow);
        Assert.Equal(new DateTime(2027, 1, 31, 0, 0, 0, DateTimeKind.Utc), embedding.RetirementDate);
        Assert.Equal(TokenRate.Zero, embedding.Rates.Output);
    }

    [Fact]
    public void A_bad_file_throws_with_every_error_and_its_line_and_column_and_registers_nothing()
    {
        var catalog = PriceCatalog.CreateEmpty();
        var json = """
            {
              "schemaVersion": 1, "provider": "acme", "source": "s", "checked": "2026-11-01",
              "models": {
                "good": { "input": 1, "output": 2 },
                "bad": { "input": 0.000001, "outptu": 2 }
              }
            }
            """;

        var error = Assert.Throws<PricingFileException>(() => catalog.LoadFromJson(json, "acme.json"));

        Assert.Equal(["(5,5): AB1002", "(5,23): AB1006", "(5,33): AB1007"],
            error.Errors.Select(e => $"({e.Line},{e.Column}): {e.Code}"));
        Assert.Equal("acme.json", error.SourceName);
        Assert.StartsWith("The pricing input 'acme.json' was rejected (3 errors):\n  acme.json(5,5): AB1002: Model 'bad' has no \"output\" price", error.Message, StringComparison.Ordinal);
        Assert.False(catalog.TryGetPrice("good", out _));
    }

    [Fact]
    public void Warnings_do_not_stop_a_load()
    {
        var catalog = PriceCatalog.CreateEmpty();

        var result = catalog.LoadFromJson("""
            { "schemaVersion": 1, "provider": "anthropic", "source": "s", "checked": "2026-11-01",
              "models": { "claude-3-haiku": { "input": 0.25, "output": 1.25, "cacheWrite5m": 0.3, "cacheWrite1h": 0.29 } } }
            """);

        Assert.Equal("AB1015", Assert.Single(result.Warnings).Code);
        Assert.True(catalog.TryGetPrice("claude-3-haiku", out _));
    }

    [Fact]
    public void Load_from_file_reads_utf8_with_a_byte_order_mark()
    {
        var path = Path.Combine(Path.GetTempPath(), "agentbudget-pricing-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, PricingFixtures.Google, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        try
        {
            var catalog = PriceCatalog.CreateEmpty();

            var result = catalog.LoadFromFile(path);

            Assert.Equal(4, result.Models.Count);
            Assert.True(catalog.TryGetPrice("gemini-2.0-flash-001", out _));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Run_time_loader_and_build_time_reader_report_the_same_problems_for_the_whole_broken_corpus()
    {
        var corpus = Directory.GetFiles(BrokenFilesDirectory(), "*.json").Order(StringComparer.Ordinal).ToArray();
        Assert.True(corpus.Length >= 30);

        foreach (var file in corpus)
        {
            var text = File.ReadAllText(file);
            var buildTime = PricingRules.Validate(text).Problems;
            var parsed = SystemTextJsonPricingReader.Parse(text);
            var runTime = parsed.Error is not null ? [parsed.Error] : PricingRules.Validate(parsed.Root!, parsed.Lines).Problems;

            var name = Path.GetFileName(file);
            Assert.Equal(buildTime.Select(p => name + " " + p.Code), runTime.Select(p => name + " " + p.Code));
            if (buildTime.All(p => p.Code != PricingProblemCodes.MalformedJson))
            {
                // Syntax errors are worded and placed by each JSON reader; every other problem is identical.
                Assert.Equal(buildTime.Select(p => name + " " + p), runTime.Select(p => name + " " + p));
            }
        }
    }

    [Theory]
    [InlineData("{ \"a\": 1 } x", 1, 12)]
    [InlineData("{\n  \"a\": [1, 2,]\n}", 2, 14)]
    [InlineData("{\n  // comment\n}", 2, 3)]
    [InlineData("", 1, 1)]
    public void Run_time_syntax_errors_are_AB1001_at_the_right_line(string json, int line, int column)
    {
        var error = Assert.Throws<PricingFileException>(() => PriceCatalog.CreateEmpty().LoadFromJson(json));

        var only = Assert.Single(error.Errors);
        Assert.Equal(("AB1001", line, column), (only.Code, only.Line, only.Column));
    }

    private static string BrokenFilesDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "AgentBudget.Generators.Tests", "Pricing", "BrokenFiles");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("The broken pricing-file corpus was not found above " + AppContext.BaseDirectory);
    }
}
