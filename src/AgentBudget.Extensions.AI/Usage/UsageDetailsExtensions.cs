using System;
using AgentBudget.Pricing;
using Microsoft.Extensions.AI;

namespace AgentBudget.Extensions.AI;

/// <summary>Maps Microsoft.Extensions.AI <see cref="UsageDetails"/> to AgentBudget's disjoint <see cref="TokenUsage"/> buckets.</summary>
public static class UsageDetailsExtensions
{
    /// <summary>
    /// The <see cref="UsageDetails.AdditionalCounts"/> key under which the Anthropic <c>IChatClient</c> adapter reports
    /// prompt tokens written to the prompt cache (already included in <see cref="UsageDetails.InputTokenCount"/>).
    /// </summary>
    public const string CacheCreationInputTokensKey = "CacheCreationInputTokens";

    /// <summary>
    /// Converts MEAI usage into disjoint buckets. MEAI's documented semantics: cached input tokens are part of
    /// <see cref="UsageDetails.InputTokenCount"/> and reasoning tokens are part of <see cref="UsageDetails.OutputTokenCount"/>;
    /// the Anthropic adapter also counts cache writes in the input and names them in
    /// <see cref="UsageDetails.AdditionalCounts"/>[<see cref="CacheCreationInputTokensKey"/>].
    /// </summary>
    /// <remarks>
    /// MEAI does not say whether a cache write was for five minutes or one hour, so cache writes are charged at the
    /// 5-minute rate. A count that is absent is zero. When only the total and output are known, input = total − output.
    /// </remarks>
    public static TokenUsage ToTokenUsage(this UsageDetails usage)
    {
        if (usage is null)
        {
            throw new ArgumentNullException(nameof(usage));
        }

        var output = Math.Max(0, usage.OutputTokenCount ?? 0);
        var input = usage.InputTokenCount
            ?? (usage.TotalTokenCount is { } total ? Math.Max(0, total - output) : 0);
        input = Math.Max(0, input);

        long cacheWrite = 0;
        if (usage.AdditionalCounts is { } additional && additional.TryGetValue(CacheCreationInputTokensKey, out var written))
        {
            cacheWrite = Math.Max(0, written);
        }

        // Subsets are clamped to the whole they belong to, so a provider bug cannot make a bucket negative.
        var cacheRead = Math.Min(Math.Max(0, usage.CachedInputTokenCount ?? 0), input);
        cacheWrite = Math.Min(cacheWrite, input - cacheRead);
        var reasoning = Math.Min(Math.Max(0, usage.ReasoningTokenCount ?? 0), output);

        return new TokenUsage(
            uncachedInputTokens: input - cacheRead - cacheWrite,
            cacheReadTokens: cacheRead,
            cacheWrite5mTokens: cacheWrite,
            cacheWrite1hTokens: 0,
            outputTokens: output - reasoning,
            reasoningTokens: reasoning);
    }
}
