using AgentBudget.Pricing;

namespace AgentBudget.Tests.Pricing;

/// <summary>
/// Name resolution: exact → case-insensitive → provider prefix → declared dated/versioned suffix → nothing.
/// A family is never guessed.
/// </summary>
public class ModelResolutionTests
{
    private static readonly PriceCatalog Catalog = PricingFixtures.CreateCatalog();

    [Theory]
    [InlineData("gpt-4o", "gpt-4o", ModelNameMatch.Exact)]
    [InlineData("gpt-4o-2024-08-06", "gpt-4o", ModelNameMatch.Exact)]
    [InlineData("claude-3-5-haiku-latest", "claude-3-5-haiku", ModelNameMatch.Exact)]
    [InlineData("mistral-large-latest", "mistral-large-2411", ModelNameMatch.Exact)]
    [InlineData("meta-llama/Llama-3.3-70B-Instruct-Turbo", "meta-llama/Llama-3.3-70B-Instruct-Turbo", ModelNameMatch.Exact)]
    [InlineData("GPT-4o", "gpt-4o", ModelNameMatch.CaseInsensitive)]
    [InlineData("Claude-Sonnet-4-5-20250929", "claude-sonnet-4-5", ModelNameMatch.CaseInsensitive)]
    [InlineData("openai/gpt-4o", "gpt-4o", ModelNameMatch.ProviderPrefix)]
    [InlineData("openrouter/openai/gpt-4o", "gpt-4o", ModelNameMatch.ProviderPrefix)]
    [InlineData("anthropic/claude-3-5-sonnet", "claude-3-5-sonnet", ModelNameMatch.ProviderPrefix)]
    [InlineData("openrouter/anthropic/claude-sonnet-4-5-20250929", "claude-sonnet-4-5", ModelNameMatch.ProviderPrefix)]
    [InlineData("together/meta-llama/Llama-3.3-70B-Instruct-Turbo", "meta-llama/Llama-3.3-70B-Instruct-Turbo", ModelNameMatch.ProviderPrefix)]
    [InlineData("OpenAI/GPT-4o-mini", "gpt-4o-mini", ModelNameMatch.ProviderPrefix)]
    [InlineData("gpt-4o-2024-11-20", "gpt-4o", ModelNameMatch.DatedSuffix)]
    [InlineData("gpt-5-2025-08-07", "gpt-5", ModelNameMatch.DatedSuffix)]
    [InlineData("o3-mini-20250131", "o3-mini", ModelNameMatch.DatedSuffix)]
    [InlineData("claude-3-5-sonnet@20240620", "claude-3-5-sonnet", ModelNameMatch.DatedSuffix)]
    [InlineData("gemini-2.0-flash-001", "gemini-2.0-flash", ModelNameMatch.DatedSuffix)]
    [InlineData("command-r-08-2024", null, ModelNameMatch.Exact)]
    [InlineData("openai/gpt-4o-2024-05-13", "gpt-4o", ModelNameMatch.DatedSuffix)]
    [InlineData("o1-2024-12-17", "o1", ModelNameMatch.DatedSuffix)]
    public void Resolves_names_in_the_documented_order(string requested, string? expectedId, ModelNameMatch expectedMatch)
    {
        var found = Catalog.TryGetPrice(requested, out var price, out var match);

        Assert.Equal(expectedId is not null, found);
        Assert.Equal(expectedId, price?.ModelId);
        if (found)
        {
            Assert.Equal(expectedMatch, match);
        }
    }

    [Theory]
    [InlineData("o1-pro-2025", "o1-pro is not o1, and -2025 is no date")]
    [InlineData("o1-preview", "a different model of the o1 family")]
    [InlineData("command-r7b", "the original priced it as command")]
    [InlineData("command-r7b-12-2024", "still not command-r")]
    [InlineData("command-a", "another Cohere model")]
    [InlineData("gpt-4o-mini-tts", "a suffix that is not a date")]
    [InlineData("gpt-4o-realtime-preview", "a different product")]
    [InlineData("gpt-4", "a prefix of gpt-4o is not gpt-4o")]
    [InlineData("gpt-4o-latest", "-latest must be declared as an alias")]
    [InlineData("gemini-2.5-pro-001", "gemini-2.5-pro does not declare datedSuffixes")]
    [InlineData("claude-sonnet-4-5-20251231", "the model only declares its one dated alias")]
    [InlineData("gpt-4o-2024-13-06", "not a real month")]
    [InlineData("gpt-4o-1999-08-06", "not a plausible model date")]
    [InlineData("gpt-4o-mini-2024-07-18-extra", "nothing after a date")]
    [InlineData("openai/", "an empty model after the prefix")]
    [InlineData("", "empty")]
    [InlineData("gpt 4o", "spaces are not normalized")]
    [InlineData("grok-4-fast", "a different grok model")]
    public void Never_guesses_a_model(string requested, string why)
    {
        Assert.False(Catalog.TryGetPrice(requested, out var price), why);
        Assert.Null(price);
    }

    [Fact]
    public void A_dated_suffix_of_an_alias_does_not_resolve()
    {
        // "claude-3-5-haiku-latest" is an alias, not an id: its dated spelling is unknown, never guessed.
        Assert.False(Catalog.TryGetPrice("claude-3-5-haiku-latest-20250101", out _));
    }

    [Fact]
    public void Null_is_unknown_not_an_exception()
        => Assert.False(Catalog.TryGetPrice(null!, out _));

    [Fact]
    public void Repeated_lookups_of_resolved_and_unknown_names_do_not_allocate()
    {
        string[] names = ["gpt-4o", "GPT-4o", "openrouter/openai/gpt-4o", "gpt-4o-2024-11-20", "o1-pro-2025", "command-r7b"];
        foreach (var name in names)
        {
            Catalog.TryGetPrice(name, out _, out _); // first lookup resolves and caches
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var found = 0;
        for (var i = 0; i < 1000; i++)
        {
            foreach (var name in names)
            {
                if (Catalog.TryGetPrice(name, out _, out _))
                {
                    found++;
                }
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(4000, found);
        Assert.Equal(0, allocated);
    }
}
