namespace AgentBudget.Generators.Interception.Anthropic;

/// <summary>
/// The Anthropic tracking support emitted into consumers that reference the <c>Anthropic</c> package: prompt
/// estimation, usage extraction (cache reads and writes are reported on top of the input) and the stream observer
/// (input on <c>message_start</c>, output on <c>message_delta</c> as a running total: the last value wins, never a sum).
/// </summary>
internal static class AnthropicSupportSource
{
    public const string Text = """
namespace AgentBudget.Generated
{
    /// <summary>Reads Anthropic requests and results for AgentBudget: prompt size, model, exact usage.</summary>
    file static class AnthropicSupport
    {
        public static global::AgentBudget.Interception.LlmCallRequest Messages(global::AgentBudget.BudgetSession session, global::Anthropic.Models.Messages.MessageCreateParams parameters)
        {
            var prompt = default(global::AgentBudget.Interception.PromptEstimate);
            if (parameters.System is { } system)
            {
                if (system.TryPickString(out var systemText))
                {
                    prompt.AddText(systemText);
                }
                else if (system.TryPickTextBlockParams(out var blocks) && blocks is not null)
                {
                    foreach (var block in blocks)
                    {
                        prompt.AddText(block.Text);
                    }
                }
            }

            foreach (var message in parameters.Messages)
            {
                prompt.AddMessage();
                var content = message.Content;
                if (content.TryPickString(out var text))
                {
                    prompt.AddText(text);
                }
                else if (content.TryPickContentBlockParams(out var blocks) && blocks is not null)
                {
                    foreach (var block in blocks)
                    {
                        if (block.TryPickText(out var textBlock) && textBlock is not null)
                        {
                            prompt.AddText(textBlock.Text);
                        }
                    }
                }
            }

            return global::AgentBudget.Interception.LlmCallRequest.Create(session, parameters.Model.Raw(), in prompt, parameters.MaxTokens);
        }

        /// <summary>Cache writes are split into their 5-minute and 1-hour parts when the server reports the split.</summary>
        public static global::AgentBudget.Pricing.TokenUsage Usage(global::Anthropic.Models.Messages.Usage usage)
        {
            long written = usage.CacheCreationInputTokens ?? 0, written5m = written, written1h = 0;
            if (usage.CacheCreation is { } split && split.Ephemeral5mInputTokens + split.Ephemeral1hInputTokens == written)
            {
                written5m = split.Ephemeral5mInputTokens;
                written1h = split.Ephemeral1hInputTokens;
            }

            return global::AgentBudget.Pricing.TokenUsage.FromAnthropic(usage.InputTokens, usage.OutputTokens, usage.CacheReadInputTokens ?? 0, written5m, written1h);
        }

        public static void Settle(ref global::AgentBudget.Interception.TrackedLlmCall call, global::Anthropic.Models.Messages.Message message)
            => call.Settle(message.Model.Raw(), Usage(message.Usage));
    }

    /// <summary>Messages stream: exact input on message_start, the running output total on message_delta.</summary>
    file struct AnthropicStreamObserver : global::AgentBudget.Interception.IStreamUsageObserver<global::Anthropic.Models.Messages.RawMessageStreamEvent>
    {
        private long _input, _cacheRead, _cacheWrite5m, _cacheWrite1h, _output, _outputCharacters;
        private bool _started;

        public string? Model { get; private set; }

        public bool HasFinalUsage { get; private set; }

        public global::AgentBudget.Pricing.TokenUsage FinalUsage
            => global::AgentBudget.Pricing.TokenUsage.FromAnthropic(_input, _output, _cacheRead, _cacheWrite5m, _cacheWrite1h);

        public void OnItem(global::Anthropic.Models.Messages.RawMessageStreamEvent streamEvent)
        {
            if (streamEvent.TryPickStart(out var start) && start is not null)
            {
                Model = start.Message.Model.Raw();
                var usage = AnthropicSupport.Usage(start.Message.Usage);
                _input = usage.UncachedInputTokens;
                _cacheRead = usage.CacheReadTokens;
                _cacheWrite5m = usage.CacheWrite5mTokens;
                _cacheWrite1h = usage.CacheWrite1hTokens;
                _output = usage.OutputTokens;
                _started = true;
            }
            else if (streamEvent.TryPickDelta(out var delta) && delta is not null)
            {
                var usage = delta.Usage;
                // A running total: replace, never add.
                _output = usage.OutputTokens;
                _input = usage.InputTokens ?? _input;
                _cacheRead = usage.CacheReadInputTokens ?? _cacheRead;
                if (usage.CacheCreationInputTokens is { } written && written != _cacheWrite5m + _cacheWrite1h)
                {
                    _cacheWrite5m = written;
                    _cacheWrite1h = 0;
                }

                HasFinalUsage = _started;
            }
            else if (streamEvent.TryPickContentBlockDelta(out var blockDelta) && blockDelta is not null
                && blockDelta.Delta.TryPickText(out var textDelta) && textDelta is not null)
            {
                _outputCharacters += textDelta.Text?.Length ?? 0;
            }
        }

        public global::AgentBudget.Pricing.TokenUsage EstimateUsage(long estimatedInputTokens)
        {
            if (!_started)
            {
                return global::AgentBudget.Interception.PromptEstimate.EstimatedUsage(estimatedInputTokens, _outputCharacters);
            }

            // The input side is exact from message_start; the output is the larger of the last reported total and the text seen.
            var output = global::System.Math.Max(_output, global::AgentBudget.Interception.PromptEstimate.TokensForCharacters(_outputCharacters));
            return global::AgentBudget.Pricing.TokenUsage.FromAnthropic(_input, output, _cacheRead, _cacheWrite5m, _cacheWrite1h);
        }
    }
}
""";
}
