using Microsoft.CodeAnalysis;

namespace AgentBudget.Generators.Tests.Pricing;

/// <summary>
/// Every file under BrokenFiles/ breaks exactly one pricing rule. Running the real generator over it must report
/// exactly that diagnostic, on the JSON file, at the line and column where the mistake is.
/// </summary>
public class BrokenFileCorpusTests
{
    public static TheoryData<string, string, int, int> Cases => new()
    {
        { "aliases-not-an-array.json", "AB1012", 7, 56 },
        { "bad-checked-date.json", "AB1010", 5, 14 },
        { "bad-retires-date.json", "AB1010", 7, 65 },
        { "batch-discount-out-of-range.json", "AB1012", 7, 69 },
        { "duplicate-alias-of-other-model.json", "AB1009", 8, 64 },
        { "duplicate-differs-only-in-case.json", "AB1009", 8, 5 },
        { "duplicate-model-id.json", "AB1009", 8, 5 },
        { "duplicate-property.json", "AB1014", 7, 45 },
        { "huge-price.json", "AB1004", 7, 26 },
        { "implausible-cache-write.json", "AB1015", 7, 93 },
        { "implausible-cached-input.json", "AB1015", 7, 60 },
        { "infinity-price.json", "AB1004", 7, 41 },
        { "malformed-bad-escape.json", "AB1001", 7, 57 },
        { "malformed-comment.json", "AB1001", 7, 5 },
        { "malformed-empty.json", "AB1001", 1, 1 },
        { "malformed-leading-zero.json", "AB1001", 7, 26 },
        { "malformed-line-break-in-string.json", "AB1001", 7, 64 },
        { "malformed-missing-comma.json", "AB1001", 7, 30 },
        { "malformed-single-quotes.json", "AB1001", 7, 53 },
        { "malformed-trailing-comma-array.json", "AB1001", 7, 78 },
        { "malformed-trailing-comma-object.json", "AB1001", 7, 45 },
        { "malformed-trailing-content.json", "AB1001", 10, 1 },
        { "malformed-truncated.json", "AB1001", 8, 1 },
        { "malformed-unquoted-property.json", "AB1001", 7, 17 },
        { "malformed-unterminated-string.json", "AB1001", 7, 53 },
        { "max-output-not-whole.json", "AB1012", 7, 64 },
        { "missing-checked.json", "AB1002", 1, 1 },
        { "missing-input.json", "AB1002", 7, 5 },
        { "missing-output.json", "AB1002", 7, 5 },
        { "missing-tier-above.json", "AB1002", 9, 24 },
        { "model-id-with-space.json", "AB1013", 7, 5 },
        { "nan-price.json", "AB1004", 7, 26 },
        { "negative-price.json", "AB1003", 7, 41 },
        { "negative-tier-price.json", "AB1003", 7, 99 },
        { "null-price.json", "AB1004", 7, 60 },
        { "per-token-exponent.json", "AB1006", 7, 41 },
        { "per-token-price.json", "AB1006", 7, 26 },
        { "price-far-too-large.json", "AB1006", 7, 26 },
        { "provider-not-lower-case.json", "AB1012", 3, 15 },
        { "root-is-array.json", "AB1012", 1, 1 },
        { "string-price.json", "AB1004", 7, 26 },
        { "tier-not-increasing.json", "AB1008", 11, 20 },
        { "tier-zero-threshold.json", "AB1008", 7, 82 },
        { "too-many-decimals.json", "AB1005", 7, 31 },
        { "unknown-model-property.json", "AB1007", 7, 45 },
        { "unknown-snake-case-property.json", "AB1007", 7, 45 },
        { "unknown-tier-property.json", "AB1007", 7, 118 },
        { "unknown-top-level-property.json", "AB1007", 6, 3 },
        { "wrong-schema-version.json", "AB1011", 2, 20 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Broken_file_reports_exactly_its_diagnostic_at_its_line_and_column(string fileName, string id, int line, int column)
    {
        var text = File.ReadAllText(Path.Combine(GeneratorHarness.BrokenFilesDirectory, fileName));

        var result = GeneratorHarness.Run([GeneratorHarness.PricingFile(fileName, text)]);

        Assert.Null(result.Exception);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal($"{id} {fileName}({line},{column})", GeneratorHarness.Describe(diagnostic));
        Assert.Equal(GeneratorHarness.ConsumerPricingFolder + fileName, diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(id == "AB1015" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.False(string.IsNullOrWhiteSpace(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Corpus_has_more_than_thirty_files_each_with_an_expectation_and_covers_every_pricing_rule()
    {
        var files = Directory.GetFiles(GeneratorHarness.BrokenFilesDirectory, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var expected = Cases.Select(row => (string)row[0]).Order(StringComparer.Ordinal).ToArray();

        Assert.True(files.Length >= 30, $"only {files.Length} broken files");
        Assert.Equal(expected, files);
        var covered = Cases.Select(row => (string)row[1]).ToHashSet();
        for (var id = 1001; id <= 1015; id++)
        {
            Assert.Contains("AB" + id, covered);
        }
    }

    [Theory]
    [InlineData("unknown-model-property.json",
        "Unknown property \"cachedInptu\" in model 'gpt-4o'; did you mean \"cachedInput\"? Unknown properties are errors so that a typo cannot silently drop a price.")]
    [InlineData("unknown-snake-case-property.json",
        "Unknown property \"cached_input\" in model 'gpt-4o'; did you mean \"cachedInput\"? Unknown properties are errors so that a typo cannot silently drop a price.")]
    [InlineData("per-token-price.json",
        "\"input\" of model 'gpt-4o' is 0.0000025, which looks like a price per token; pricing files use USD per million tokens, so write 2.5.")]
    [InlineData("string-price.json",
        "\"input\" of model 'gpt-4o' is \"2.50\", not a number; write it as a JSON number without quotes: 2.5.")]
    [InlineData("tier-not-increasing.json",
        "\"above\" of the long-context tier 2 of model 'gemini-2.5-pro' is 128000, not above the previous tier's 200000; list tiers in strictly increasing \"above\" order.")]
    [InlineData("duplicate-differs-only-in-case.json",
        "The model id 'GPT-4o' is already defined as model 'gpt-4o' at line 7, column 5 (ids are compared case-insensitively); each model id and alias may be defined once. Remove one, or use a different id.")]
    [InlineData("malformed-comment.json",
        "Pricing file is not valid JSON: Comments are not allowed in JSON; put explanations in a model's \"note\" property.")]
    [InlineData("too-many-decimals.json",
        "\"input\" of model 'gpt-4o-mini' has more than 6 decimals (0.1500001); prices are USD per million tokens with at most six decimals (one picodollar per token), e.g. 0.15.")]
    public void Messages_say_how_to_fix_the_file(string fileName, string message)
    {
        var text = File.ReadAllText(Path.Combine(GeneratorHarness.BrokenFilesDirectory, fileName));

        var diagnostic = Assert.Single(GeneratorHarness.Run([GeneratorHarness.PricingFile(fileName, text)]).Diagnostics);

        Assert.Equal(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
