using AgentBudget.Pricing;

namespace AgentBudget.Interception;

/// <summary>
/// Sizes a prompt before the call, to reserve its worst case: about four characters per token plus a few tokens of
/// framing per message (the providers' own rule of thumb), and a fingerprint of the text for loop detection.
/// Only used to admit a call; the exact usage the provider reports replaces it when the call settles.
/// </summary>
public struct PromptEstimate
{
    /// <summary>Characters per token assumed for an estimate.</summary>
    public const int CharactersPerToken = 4;

    /// <summary>Tokens of framing counted for each message (role markers, separators).</summary>
    public const int TokensPerMessage = 4;

    private long _characters;
    private long _tokens;
    private CallFingerprint _fingerprint;

    /// <summary>The estimated prompt tokens.</summary>
    public readonly long EstimatedTokens => _tokens + TokensForCharacters(_characters);

    /// <summary>The fingerprint of the prompt text.</summary>
    public readonly ulong Fingerprint => _fingerprint.Value;

    /// <summary>Counts one message.</summary>
    public void AddMessage() => _tokens += TokensPerMessage;

    /// <summary>Counts a piece of prompt text.</summary>
    /// <param name="text">The text (null is ignored).</param>
    public void AddText(string? text)
    {
        if (text is null)
        {
            return;
        }

        _characters += text.Length;
        _fingerprint.Add(text);
    }

    /// <summary>Counts tokens known exactly (pre-tokenized input).</summary>
    /// <param name="tokens">The token count.</param>
    public void AddTokens(long tokens)
    {
        _tokens += tokens;
        _fingerprint.Add(tokens);
    }

    /// <summary>The tokens estimated for <paramref name="characters"/> characters of text (rounded up).</summary>
    /// <param name="characters">The character count.</param>
    /// <returns>The estimated tokens.</returns>
    public static long TokensForCharacters(long characters) => (characters + CharactersPerToken - 1) / CharactersPerToken;

    /// <summary>An estimated usage: the prompt estimate plus the output text seen, at least one output token.</summary>
    /// <param name="estimatedInputTokens">The prompt estimate.</param>
    /// <param name="outputCharacters">The output characters seen.</param>
    /// <returns>The usage to record, flagged as an estimate by the caller.</returns>
    public static TokenUsage EstimatedUsage(long estimatedInputTokens, long outputCharacters)
    {
        var output = TokensForCharacters(outputCharacters);
        return TokenUsage.FromInputOutput(estimatedInputTokens, output < 1 ? 1 : output);
    }
}
