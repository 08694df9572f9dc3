using System;

namespace AgentBudget.Pricing;

/// <summary>
/// Token counts of one model call, in <b>disjoint</b> buckets: every token is in exactly one bucket, so the cost is a
/// plain sum of bucket × price. Providers report overlapping counts in different ways; use the provider factories
/// (<see cref="FromOpenAI"/>, <see cref="FromAnthropic"/>, <see cref="FromGoogle"/>) to normalise them here, once.
/// </summary>
public readonly struct TokenUsage : IEquatable<TokenUsage>
{
    /// <summary>Creates a usage record from disjoint buckets.</summary>
    public TokenUsage(long uncachedInputTokens, long cacheReadTokens, long cacheWrite5mTokens, long cacheWrite1hTokens,
        long outputTokens, long reasoningTokens)
    {
        if ((uncachedInputTokens | cacheReadTokens | cacheWrite5mTokens | cacheWrite1hTokens | outputTokens | reasoningTokens) < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(uncachedInputTokens), "Token counts cannot be negative.");
        }

        UncachedInputTokens = uncachedInputTokens;
        CacheReadTokens = cacheReadTokens;
        CacheWrite5mTokens = cacheWrite5mTokens;
        CacheWrite1hTokens = cacheWrite1hTokens;
        OutputTokens = outputTokens;
        ReasoningTokens = reasoningTokens;
    }

    /// <summary>Prompt tokens read neither from nor into a cache, charged at the input price.</summary>
    public long UncachedInputTokens { get; }

    /// <summary>Prompt tokens served from the prompt cache, charged at the cached-input (cache read) price.</summary>
    public long CacheReadTokens { get; }

    /// <summary>Prompt tokens written to a 5-minute cache, charged at the 5-minute cache-write price.</summary>
    public long CacheWrite5mTokens { get; }

    /// <summary>Prompt tokens written to a 1-hour cache, charged at the 1-hour cache-write price.</summary>
    public long CacheWrite1hTokens { get; }

    /// <summary>Visible output tokens (not counting reasoning tokens), charged at the output price.</summary>
    public long OutputTokens { get; }

    /// <summary>Reasoning/thinking tokens, charged at the reasoning price (the output price unless the model has its own).</summary>
    public long ReasoningTokens { get; }

    /// <summary>All prompt-side tokens: the size that long-context tiers are measured against.</summary>
    public long TotalInputTokens => UncachedInputTokens + CacheReadTokens + CacheWrite5mTokens + CacheWrite1hTokens;

    /// <summary>All generated tokens, reasoning included.</summary>
    public long TotalOutputTokens => OutputTokens + ReasoningTokens;

    /// <summary>Every token of the call.</summary>
    public long TotalTokens => TotalInputTokens + TotalOutputTokens;

    /// <summary>Usage of a call with plain input and output and no cache or reasoning.</summary>
    public static TokenUsage FromInputOutput(long inputTokens, long outputTokens) => new(inputTokens, 0, 0, 0, outputTokens, 0);

    /// <summary>
    /// OpenAI semantics: <paramref name="cachedTokens"/> are a subset of <paramref name="promptTokens"/> and
    /// <paramref name="reasoningTokens"/> are a subset of <paramref name="completionTokens"/>.
    /// </summary>
    public static TokenUsage FromOpenAI(long promptTokens, long completionTokens, long cachedTokens = 0, long reasoningTokens = 0)
    {
        // A provider bug must not produce a negative bucket; clamp the subset to the whole it belongs to.
        var cached = Math.Min(cachedTokens, promptTokens);
        var reasoning = Math.Min(reasoningTokens, completionTokens);
        return new TokenUsage(promptTokens - cached, cached, 0, 0, completionTokens - reasoning, reasoning);
    }

    /// <summary>
    /// Anthropic semantics: cache reads and cache writes are reported <b>in addition to</b> <paramref name="inputTokens"/>;
    /// extended-thinking tokens are already part of <paramref name="outputTokens"/> and billed as output.
    /// </summary>
    public static TokenUsage FromAnthropic(long inputTokens, long outputTokens, long cacheReadTokens = 0,
        long cacheWrite5mTokens = 0, long cacheWrite1hTokens = 0)
        => new(inputTokens, cacheReadTokens, cacheWrite5mTokens, cacheWrite1hTokens, outputTokens, 0);

    /// <summary>
    /// Google (Gemini) semantics: <paramref name="cachedContentTokens"/> are a subset of <paramref name="promptTokens"/>;
    /// <paramref name="thoughtsTokens"/> are reported separately from <paramref name="candidatesTokens"/> and billed as output.
    /// </summary>
    public static TokenUsage FromGoogle(long promptTokens, long candidatesTokens, long cachedContentTokens = 0, long thoughtsTokens = 0)
    {
        var cached = Math.Min(cachedContentTokens, promptTokens);
        return new TokenUsage(promptTokens - cached, cached, 0, 0, candidatesTokens, thoughtsTokens);
    }

    /// <inheritdoc />
    public bool Equals(TokenUsage other) =>
        UncachedInputTokens == other.UncachedInputTokens && CacheReadTokens == other.CacheReadTokens
        && CacheWrite5mTokens == other.CacheWrite5mTokens && CacheWrite1hTokens == other.CacheWrite1hTokens
        && OutputTokens == other.OutputTokens && ReasoningTokens == other.ReasoningTokens;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TokenUsage other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        unchecked
        {
            var hash = UncachedInputTokens.GetHashCode();
            hash = (hash * 397) ^ CacheReadTokens.GetHashCode();
            hash = (hash * 397) ^ CacheWrite5mTokens.GetHashCode();
            hash = (hash * 397) ^ CacheWrite1hTokens.GetHashCode();
            hash = (hash * 397) ^ OutputTokens.GetHashCode();
            return (hash * 397) ^ ReasoningTokens.GetHashCode();
        }
    }

#pragma warning disable CS1591
    public static bool operator ==(TokenUsage left, TokenUsage right) => left.Equals(right);
    public static bool operator !=(TokenUsage left, TokenUsage right) => !left.Equals(right);
#pragma warning restore CS1591
}
