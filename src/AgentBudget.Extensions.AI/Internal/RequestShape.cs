using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AgentBudget.Extensions.AI.Internal;

/// <summary>Deterministic facts about a request computed before it is sent: an input-token estimate and a fingerprint.</summary>
internal static class RequestShape
{
    // The common rule of thumb for English text with BPE tokenizers; a pluggable estimator replaces it.
    private const int CharactersPerToken = 4;

    // Chat formats add a few tokens per message for the role and separators.
    private const int TokensPerMessage = 4;

    /// <summary>Estimates the prompt tokens of a chat request: ⌈characters ÷ 4⌉ plus 4 per message, tool schemas included.</summary>
    public static long EstimateChatInputTokens(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        long characters = 0;
        long messageCount = 0;
        foreach (var message in messages)
        {
            messageCount++;
            foreach (var content in message.Contents)
            {
                characters += CharactersOf(content);
            }
        }

        if (options?.Instructions is { } instructions)
        {
            characters += instructions.Length;
            messageCount++;
        }

        if (options?.Tools is { } tools)
        {
            foreach (var tool in tools)
            {
                characters += tool.Name.Length + tool.Description.Length;
                if (tool is AIFunctionDeclaration function)
                {
                    characters += function.JsonSchema.GetRawText().Length;
                }
            }
        }

        return CeilingTokens(characters) + (messageCount * TokensPerMessage);
    }

    /// <summary>Estimates the input tokens of an embedding request; strings by length, anything else by its text form.</summary>
    public static long EstimateEmbeddingInputTokens<TInput>(IEnumerable<TInput> values)
    {
        long characters = 0;
        foreach (var value in values)
        {
            characters += value switch
            {
                null => 0,
                string text => text.Length,
                _ => value.ToString()?.Length ?? 0,
            };
        }

        return CeilingTokens(characters);
    }

    /// <summary>Estimates tokens from streamed text (used when a stream stops before its usage arrives).</summary>
    public static long EstimateTokensOfText(long characters) => CeilingTokens(characters);

    /// <summary>
    /// A fingerprint of the exact request: model, roles, text, tool calls and results. The same request sent again
    /// and again inside the loop window is what loop detection is for.
    /// </summary>
    public static ulong FingerprintChat(string model, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var hash = default(Fnv1a64);
        hash.Append(model);
        hash.Append(options?.Instructions);
        foreach (var message in messages)
        {
            hash.Append(message.Role.Value);
            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case TextContent text:
                        hash.Append(text.Text);
                        break;
                    case FunctionCallContent call:
                        hash.Append(call.Name);
                        hash.Append(ArgumentsText(call.Arguments));
                        break;
                    case FunctionResultContent result:
                        hash.Append(result.CallId);
                        hash.Append(ResultText(result.Result));
                        break;
                    default:
                        hash.Append(content.GetType().Name);
                        break;
                }
            }
        }

        return hash.Value;
    }

    /// <summary>A fingerprint of a tool call: its name and arguments in key order (so argument order does not matter).</summary>
    public static ulong FingerprintTool(string toolName, IEnumerable<KeyValuePair<string, object?>>? arguments)
    {
        var hash = default(Fnv1a64);
        hash.Append(toolName);
        hash.Append(ArgumentsText(arguments));
        return hash.Value;
    }

    private static long CeilingTokens(long characters) => (characters + CharactersPerToken - 1) / CharactersPerToken;

    private static long CharactersOf(AIContent content) => content switch
    {
        TextContent text => text.Text.Length,
        TextReasoningContent reasoning => reasoning.Text.Length,
        FunctionCallContent call => call.Name.Length + ArgumentsText(call.Arguments).Length,
        FunctionResultContent result => ResultText(result.Result).Length,
        _ => 0,
    };

    private static string ArgumentsText(IEnumerable<KeyValuePair<string, object?>>? arguments)
    {
        if (arguments is null)
        {
            return string.Empty;
        }

        // Ordinal key order: the model may emit arguments in any order; the call is the same.
        var ordered = arguments.OrderBy(static pair => pair.Key, StringComparer.Ordinal);
        var parts = new List<string>();
        foreach (var pair in ordered)
        {
            parts.Add(pair.Key + "=" + ValueText(pair.Value));
        }

        return string.Join("\u001f", parts);
    }

    private static string ResultText(object? result) => ValueText(result);

    private static string ValueText(object? value) => value switch
    {
        null => "null",
        string text => text,
        JsonElement element => element.GetRawText(),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType())),
    };
}
