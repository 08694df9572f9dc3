using AgentBudget.Extensions.AI;
using AgentBudget.Pricing;
using Microsoft.Extensions.AI;

namespace AgentBudget.Integrations.Tests;

/// <summary>UsageDetails → disjoint TokenUsage buckets, per MEAI's documented semantics.</summary>
public sealed class UsageMappingTests
{
    [Fact]
    public void Cached_tokens_are_part_of_input_and_reasoning_tokens_part_of_output()
    {
        var usage = new UsageDetails { InputTokenCount = 1200, CachedInputTokenCount = 1000, OutputTokenCount = 300, ReasoningTokenCount = 120 };

        Assert.Equal(new TokenUsage(200, 1000, 0, 0, 180, 120), usage.ToTokenUsage());
    }

    [Fact]
    public void Anthropic_cache_creation_is_taken_out_of_the_input_as_a_cache_write()
    {
        var usage = new UsageDetails
        {
            InputTokenCount = 5946,
            CachedInputTokenCount = 1800,
            OutputTokenCount = 503,
            AdditionalCounts = new() { [UsageDetailsExtensions.CacheCreationInputTokensKey] = 2051 },
        };

        Assert.Equal(new TokenUsage(2095, 1800, 2051, 0, 503, 0), usage.ToTokenUsage());
    }

    [Fact]
    public void Missing_input_is_derived_from_the_total_and_inconsistent_subsets_are_clamped()
    {
        Assert.Equal(new TokenUsage(70, 0, 0, 0, 30, 0), new UsageDetails { TotalTokenCount = 100, OutputTokenCount = 30 }.ToTokenUsage());
        Assert.Equal(new TokenUsage(0, 10, 0, 0, 0, 5),
            new UsageDetails { InputTokenCount = 10, CachedInputTokenCount = 50, OutputTokenCount = 5, ReasoningTokenCount = 9 }.ToTokenUsage());
        Assert.Equal(default, new UsageDetails().ToTokenUsage());
    }
}
