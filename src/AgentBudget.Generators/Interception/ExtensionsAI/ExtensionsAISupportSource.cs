namespace AgentBudget.Generators.Interception.ExtensionsAI;

/// <summary>
/// The Microsoft.Extensions.AI tracking support emitted into consumers that reference
/// <c>Microsoft.Extensions.AI.Abstractions</c>. <c>UsageDetails</c> counts cached input inside the input and reasoning
/// inside the output; streams carry one <c>UsageContent</c> per model round trip, which are summed.
/// </summary>
internal static class ExtensionsAISupportSource
{
    public const string Text = """
namespace AgentBudget.Generated
{
    /// <summary>Reads Microsoft.Extensions.AI requests and results for AgentBudget: prompt size, model, exact usage.</summary>
    file static class ExtensionsAISupport
    {
        public static global::AgentBudget.Interception.LlmCallRequest Chat(global::AgentBudget.BudgetSession session, global::Microsoft.Extensions.AI.IChatClient client,
            global::System.Collections.Generic.IEnumerable<global::Microsoft.Extensions.AI.ChatMessage>? messages, global::Microsoft.Extensions.AI.ChatOptions? options)
        {
            var prompt = default(global::AgentBudget.Interception.PromptEstimate);
            if (messages is not null)
            {
                foreach (var message in messages)
                {
                    AddMessage(ref prompt, message);
                }
            }

            return Create(session, client, in prompt, options);
        }

        public static global::AgentBudget.Interception.LlmCallRequest Chat(global::AgentBudget.BudgetSession session, global::Microsoft.Extensions.AI.IChatClient client,
            global::Microsoft.Extensions.AI.ChatMessage message, global::Microsoft.Extensions.AI.ChatOptions? options)
        {
            var prompt = default(global::AgentBudget.Interception.PromptEstimate);
            AddMessage(ref prompt, message);
            return Create(session, client, in prompt, options);
        }

        public static global::AgentBudget.Interception.LlmCallRequest Chat(global::AgentBudget.BudgetSession session, global::Microsoft.Extensions.AI.IChatClient client,
            string message, global::Microsoft.Extensions.AI.ChatOptions? options)
        {
            var prompt = default(global::AgentBudget.Interception.PromptEstimate);
            prompt.AddMessage();
            prompt.AddText(message);
            return Create(session, client, in prompt, options);
        }

        private static void AddMessage(ref global::AgentBudget.Interception.PromptEstimate prompt, global::Microsoft.Extensions.AI.ChatMessage? message)
        {
            prompt.AddMessage();
            if (message is null)
            {
                return;
            }

            foreach (var content in message.Contents)
            {
                if (content is global::Microsoft.Extensions.AI.TextContent text)
                {
                    prompt.AddText(text.Text);
                }
            }
        }

        private static global::AgentBudget.Interception.LlmCallRequest Create(global::AgentBudget.BudgetSession session, global::Microsoft.Extensions.AI.IChatClient client,
            in global::AgentBudget.Interception.PromptEstimate prompt, global::Microsoft.Extensions.AI.ChatOptions? options)
        {
            var model = options?.ModelId;
            if (model is null && client.GetService(typeof(global::Microsoft.Extensions.AI.ChatClientMetadata), null) is global::Microsoft.Extensions.AI.ChatClientMetadata metadata)
            {
                model = metadata.DefaultModelId;
            }

            return global::AgentBudget.Interception.LlmCallRequest.Create(session, model ?? string.Empty, in prompt, options?.MaxOutputTokens);
        }

        /// <summary>Splits MEAI's overlapping counts into disjoint buckets (cached and cache-write inside input, reasoning inside output).</summary>
        public static global::AgentBudget.Pricing.TokenUsage Usage(global::Microsoft.Extensions.AI.UsageDetails usage)
        {
            long input = usage.InputTokenCount ?? 0, output = usage.OutputTokenCount ?? 0;
            long cached = global::System.Math.Min(usage.CachedInputTokenCount ?? 0, input);
            long written = 0;
            if (usage.AdditionalCounts is { } additional && additional.TryGetValue("CacheCreationInputTokens", out var creation))
            {
                written = global::System.Math.Min(creation, input - cached);
            }

            long reasoning = global::System.Math.Min(usage.ReasoningTokenCount ?? 0, output);
            return new global::AgentBudget.Pricing.TokenUsage(input - cached - written, cached, written, 0, output - reasoning, reasoning);
        }

        public static global::AgentBudget.Pricing.TokenUsage Add(global::AgentBudget.Pricing.TokenUsage left, global::AgentBudget.Pricing.TokenUsage right)
            => new global::AgentBudget.Pricing.TokenUsage(left.UncachedInputTokens + right.UncachedInputTokens, left.CacheReadTokens + right.CacheReadTokens,
                left.CacheWrite5mTokens + right.CacheWrite5mTokens, left.CacheWrite1hTokens + right.CacheWrite1hTokens,
                left.OutputTokens + right.OutputTokens, left.ReasoningTokens + right.ReasoningTokens);

        public static void Settle(ref global::AgentBudget.Interception.TrackedLlmCall call, global::Microsoft.Extensions.AI.ChatResponse response)
        {
            if (response.Usage is { } usage)
            {
                call.Settle(response.ModelId, Usage(usage));
                return;
            }

            // The provider reported no usage: charge an estimate from the text, flagged as such.
            call.SettleEstimate(response.ModelId, global::AgentBudget.Interception.PromptEstimate.TokensForCharacters(response.Text?.Length ?? 0));
        }
    }

    /// <summary>MEAI stream: one UsageContent per model round trip (summed); text updates feed the early-stop estimate.</summary>
    file struct ExtensionsAIStreamObserver : global::AgentBudget.Interception.IStreamUsageObserver<global::Microsoft.Extensions.AI.ChatResponseUpdate>
    {
        private global::AgentBudget.Pricing.TokenUsage _usage;
        private long _outputCharacters;

        public string? Model { get; private set; }

        public bool HasFinalUsage { get; private set; }

        public global::AgentBudget.Pricing.TokenUsage FinalUsage => _usage;

        public void OnItem(global::Microsoft.Extensions.AI.ChatResponseUpdate update)
        {
            if (update is null)
            {
                return;
            }

            Model ??= update.ModelId;
            foreach (var content in update.Contents)
            {
                if (content is global::Microsoft.Extensions.AI.UsageContent usage)
                {
                    _usage = ExtensionsAISupport.Add(_usage, ExtensionsAISupport.Usage(usage.Details));
                    HasFinalUsage = true;
                }
                else if (content is global::Microsoft.Extensions.AI.TextContent text)
                {
                    _outputCharacters += text.Text?.Length ?? 0;
                }
            }
        }

        public global::AgentBudget.Pricing.TokenUsage EstimateUsage(long estimatedInputTokens)
            => global::AgentBudget.Interception.PromptEstimate.EstimatedUsage(estimatedInputTokens, _outputCharacters);
    }
}
""";
}
