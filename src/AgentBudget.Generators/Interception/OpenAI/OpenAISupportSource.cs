namespace AgentBudget.Generators.Interception.OpenAI;

/// <summary>
/// The OpenAI tracking support emitted into consumers that reference the <c>OpenAI</c> package (2.14 API): prompt
/// estimation, strongly typed usage extraction, stream observers and the wrapping <c>(Async)CollectionResult</c> types.
/// </summary>
internal static class OpenAISupportSource
{
    public const string Text = """
namespace AgentBudget.Generated
{
    /// <summary>Reads OpenAI requests and results for AgentBudget: prompt size, model, exact usage.</summary>
    file static class OpenAISupport
    {
        public static global::AgentBudget.Interception.LlmCallRequest Chat(global::AgentBudget.BudgetSession session, global::OpenAI.Chat.ChatClient client,
            global::System.Collections.Generic.IEnumerable<global::OpenAI.Chat.ChatMessage>? messages, global::OpenAI.Chat.ChatCompletionOptions? options)
        {
            var prompt = default(global::AgentBudget.Interception.PromptEstimate);
            if (messages is not null)
            {
                foreach (var message in messages)
                {
                    prompt.AddMessage();
                    if (message?.Content is { } content)
                    {
                        foreach (var part in content)
                        {
                            prompt.AddText(part.Text);
                        }
                    }
                }
            }

            return global::AgentBudget.Interception.LlmCallRequest.Create(session, client.Model ?? string.Empty, in prompt, options?.MaxOutputTokenCount);
        }

        public static global::AgentBudget.Interception.LlmCallRequest Responses(global::AgentBudget.BudgetSession session,
            global::OpenAI.Responses.CreateResponseOptions? options, string? model,
            global::System.Collections.Generic.IEnumerable<global::OpenAI.Responses.ResponseItem>? items, string? text)
        {
            var prompt = default(global::AgentBudget.Interception.PromptEstimate);
            prompt.AddText(options?.Instructions);
            AddItems(ref prompt, options?.InputItems);
            AddItems(ref prompt, items);
            if (text is not null)
            {
                prompt.AddMessage();
                prompt.AddText(text);
            }

            return global::AgentBudget.Interception.LlmCallRequest.Create(session, options?.Model ?? model ?? string.Empty, in prompt, options?.MaxOutputTokenCount);
        }

        private static void AddItems(ref global::AgentBudget.Interception.PromptEstimate prompt, global::System.Collections.Generic.IEnumerable<global::OpenAI.Responses.ResponseItem>? items)
        {
            if (items is null)
            {
                return;
            }

            foreach (var item in items)
            {
                prompt.AddMessage();
                if (item is global::OpenAI.Responses.MessageResponseItem message)
                {
                    foreach (var part in message.Content)
                    {
                        prompt.AddText(part.Text);
                    }
                }
            }
        }

        public static global::AgentBudget.Interception.LlmCallRequest Embeddings(global::AgentBudget.BudgetSession session, global::OpenAI.Embeddings.EmbeddingClient client,
            global::System.Collections.Generic.IEnumerable<string>? inputs, global::System.Collections.Generic.IEnumerable<global::System.ReadOnlyMemory<int>>? tokenInputs)
        {
            var prompt = default(global::AgentBudget.Interception.PromptEstimate);
            if (inputs is not null)
            {
                foreach (var input in inputs)
                {
                    prompt.AddText(input);
                }
            }

            if (tokenInputs is not null)
            {
                foreach (var tokens in tokenInputs)
                {
                    prompt.AddTokens(tokens.Length);
                }
            }

            return global::AgentBudget.Interception.LlmCallRequest.Create(session, client.Model ?? string.Empty, in prompt, 0);
        }

        /// <summary>OpenAI semantics: cached tokens are part of the prompt, reasoning tokens part of the completion.</summary>
        public static global::AgentBudget.Pricing.TokenUsage Usage(global::OpenAI.Chat.ChatTokenUsage usage)
            => global::AgentBudget.Pricing.TokenUsage.FromOpenAI(usage.InputTokenCount, usage.OutputTokenCount,
                usage.InputTokenDetails?.CachedTokenCount ?? 0, usage.OutputTokenDetails?.ReasoningTokenCount ?? 0);

        /// <summary>Responses semantics: cached and cache-write tokens are part of the input, reasoning part of the output.</summary>
        public static global::AgentBudget.Pricing.TokenUsage Usage(global::OpenAI.Responses.ResponseTokenUsage usage)
        {
            long input = usage.InputTokenCount, output = usage.OutputTokenCount;
            long cached = global::System.Math.Min(usage.InputTokenDetails?.CachedTokenCount ?? 0, input);
            long written = global::System.Math.Min(usage.InputTokenDetails?.CacheWriteTokenCount ?? 0, input - cached);
            long reasoning = global::System.Math.Min(usage.OutputTokenDetails?.ReasoningTokenCount ?? 0, output);
            return new global::AgentBudget.Pricing.TokenUsage(input - cached - written, cached, written, 0, output - reasoning, reasoning);
        }

        public static void Settle(ref global::AgentBudget.Interception.TrackedLlmCall call, global::OpenAI.Chat.ChatCompletion completion)
        {
            if (completion.Usage is { } usage)
            {
                call.Settle(completion.Model, Usage(usage));
                return;
            }

            // The server sent no usage (an OpenAI-compatible server may omit it): charge an estimate, flagged as such.
            call.SettleEstimate(completion.Model, global::AgentBudget.Interception.PromptEstimate.TokensForCharacters(OutputCharacters(completion)));
        }

        /// <summary>The length of a completion's text, the basis of an estimate when the server sent no usage.</summary>
        public static long OutputCharacters(global::OpenAI.Chat.ChatCompletion completion)
        {
            var output = 0L;
            if (completion.Content is { } content)
            {
                foreach (var part in content)
                {
                    output += part.Text?.Length ?? 0;
                }
            }

            return output;
        }

        public static void Settle(ref global::AgentBudget.Interception.TrackedLlmCall call, global::OpenAI.Responses.ResponseResult response)
        {
            if (response.Usage is { } usage)
            {
                call.Settle(response.Model, Usage(usage));
                return;
            }

            call.SettleEstimate(response.Model, global::AgentBudget.Interception.PromptEstimate.TokensForCharacters(response.GetOutputText()?.Length ?? 0));
        }

        public static void Settle(ref global::AgentBudget.Interception.TrackedLlmCall call, global::OpenAI.Embeddings.OpenAIEmbeddingCollection embeddings)
        {
            if (embeddings.Usage is { } usage)
            {
                call.Settle(embeddings.Model, global::AgentBudget.Pricing.TokenUsage.FromInputOutput(usage.InputTokenCount, 0));
                return;
            }

            call.SettleEstimate(embeddings.Model, 0);
        }
    }

    /// <summary>Chat Completions stream: the usage arrives on the last update only (the SDK always asks for it).</summary>
    file struct OpenAIChatStreamObserver : global::AgentBudget.Interception.IStreamUsageObserver<global::OpenAI.Chat.StreamingChatCompletionUpdate>
    {
        private global::AgentBudget.Pricing.TokenUsage _usage;
        private long _outputCharacters;

        public string? Model { get; private set; }

        public bool HasFinalUsage { get; private set; }

        public global::AgentBudget.Pricing.TokenUsage FinalUsage => _usage;

        public void OnItem(global::OpenAI.Chat.StreamingChatCompletionUpdate update)
        {
            if (update is null)
            {
                return;
            }

            Model ??= update.Model;
            if (update.Usage is { } usage)
            {
                _usage = OpenAISupport.Usage(usage);
                HasFinalUsage = true;
            }

            if (update.ContentUpdate is { } content)
            {
                foreach (var part in content)
                {
                    _outputCharacters += part.Text?.Length ?? 0;
                }
            }
        }

        public global::AgentBudget.Pricing.TokenUsage EstimateUsage(long estimatedInputTokens)
            => global::AgentBudget.Interception.PromptEstimate.EstimatedUsage(estimatedInputTokens, _outputCharacters);
    }

    /// <summary>Responses stream: the usage is on the terminal completed, incomplete or failed update.</summary>
    file struct OpenAIResponsesStreamObserver : global::AgentBudget.Interception.IStreamUsageObserver<global::OpenAI.Responses.StreamingResponseUpdate>
    {
        private global::AgentBudget.Pricing.TokenUsage _usage;
        private long _outputCharacters;

        public string? Model { get; private set; }

        public bool HasFinalUsage { get; private set; }

        public global::AgentBudget.Pricing.TokenUsage FinalUsage => _usage;

        public void OnItem(global::OpenAI.Responses.StreamingResponseUpdate update)
        {
            global::OpenAI.Responses.ResponseResult? response = update switch
            {
                global::OpenAI.Responses.StreamingResponseCompletedUpdate completed => completed.Response,
                global::OpenAI.Responses.StreamingResponseIncompleteUpdate incomplete => incomplete.Response,
                global::OpenAI.Responses.StreamingResponseFailedUpdate failed => failed.Response,
                global::OpenAI.Responses.StreamingResponseCreatedUpdate created => created.Response,
                _ => null,
            };
            if (response is not null)
            {
                Model = response.Model ?? Model;
                if (response.Usage is { } usage)
                {
                    _usage = OpenAISupport.Usage(usage);
                    HasFinalUsage = true;
                }
            }
            else if (update is global::OpenAI.Responses.StreamingResponseOutputTextDeltaUpdate delta)
            {
                _outputCharacters += delta.Delta?.Length ?? 0;
            }
        }

        public global::AgentBudget.Pricing.TokenUsage EstimateUsage(long estimatedInputTokens)
            => global::AgentBudget.Interception.PromptEstimate.EstimatedUsage(estimatedInputTokens, _outputCharacters);
    }

    /// <summary>
    /// The SDK's synchronous stream, tracked: the result type stays <c>CollectionResult&lt;T&gt;</c>. The base class
    /// enumerates pages and their values; the SDK's own page parsing is protected, so this type presents the whole stream
    /// as one page whose values are the inner stream's, observed on the way.
    /// </summary>
    file sealed class TrackedCollectionResult<T, TObserver> : global::System.ClientModel.CollectionResult<T>
        where TObserver : struct, global::AgentBudget.Interception.IStreamUsageObserver<T>
    {
        private readonly global::System.ClientModel.CollectionResult<T> _inner;
        private readonly global::AgentBudget.Interception.LlmCallRequest _request;

        public TrackedCollectionResult(global::System.ClientModel.CollectionResult<T> inner, global::AgentBudget.Interception.LlmCallRequest request)
        {
            _inner = inner;
            _request = request;
        }

        public override global::System.ClientModel.ContinuationToken? GetContinuationToken(global::System.ClientModel.ClientResult page) => null;

        public override global::System.Collections.Generic.IEnumerable<global::System.ClientModel.ClientResult> GetRawPages()
        {
            yield return TrackedStreamPage.Instance;
        }

        protected override global::System.Collections.Generic.IEnumerable<T> GetValuesFromPage(global::System.ClientModel.ClientResult page)
        {
            using var enumerator = new global::AgentBudget.Interception.TrackedEnumerator<T, TObserver>(_request, _inner);
            while (enumerator.MoveNext())
            {
                yield return enumerator.Current;
            }
        }
    }

    /// <summary>The SDK's asynchronous stream, tracked: the result type stays <c>AsyncCollectionResult&lt;T&gt;</c> (see the synchronous type).</summary>
    file sealed class TrackedAsyncCollectionResult<T, TObserver> : global::System.ClientModel.AsyncCollectionResult<T>
        where TObserver : struct, global::AgentBudget.Interception.IStreamUsageObserver<T>
    {
        private readonly global::System.ClientModel.AsyncCollectionResult<T> _inner;
        private readonly global::AgentBudget.Interception.LlmCallRequest _request;

        public TrackedAsyncCollectionResult(global::System.ClientModel.AsyncCollectionResult<T> inner, global::AgentBudget.Interception.LlmCallRequest request)
        {
            _inner = inner;
            _request = request;
        }

        public override global::System.ClientModel.ContinuationToken? GetContinuationToken(global::System.ClientModel.ClientResult page) => null;

        public override async global::System.Collections.Generic.IAsyncEnumerable<global::System.ClientModel.ClientResult> GetRawPagesAsync()
        {
            await global::System.Threading.Tasks.Task.CompletedTask.ConfigureAwait(false);
            yield return TrackedStreamPage.Instance;
        }

        protected override global::System.Collections.Generic.IAsyncEnumerable<T> GetValuesFromPageAsync(global::System.ClientModel.ClientResult page)
            => new global::AgentBudget.Interception.TrackedAsyncEnumerable<T, TObserver>(_inner, _request);
    }

    /// <summary>The single synthetic page of a tracked stream (the real HTTP response belongs to the inner stream).</summary>
    file sealed class TrackedStreamPage : global::System.ClientModel.ClientResult
    {
        public static readonly TrackedStreamPage Instance = new();

        private TrackedStreamPage()
            : base(new EmptyResponse())
        {
        }

        private sealed class EmptyResponse : global::System.ClientModel.Primitives.PipelineResponse
        {
            public override int Status => 200;

            public override string ReasonPhrase => "OK";

            protected override global::System.ClientModel.Primitives.PipelineResponseHeaders HeadersCore { get; } = new NoHeaders();

            public override global::System.IO.Stream? ContentStream { get; set; }

            public override global::System.BinaryData Content => global::System.BinaryData.Empty;

            public override global::System.BinaryData BufferContent(global::System.Threading.CancellationToken cancellationToken = default) => global::System.BinaryData.Empty;

            public override global::System.Threading.Tasks.ValueTask<global::System.BinaryData> BufferContentAsync(global::System.Threading.CancellationToken cancellationToken = default)
                => new(global::System.BinaryData.Empty);

            public override void Dispose()
            {
            }
        }

        private sealed class NoHeaders : global::System.ClientModel.Primitives.PipelineResponseHeaders
        {
            public override bool TryGetValue(string name, out string? value)
            {
                value = null;
                return false;
            }

            public override bool TryGetValues(string name, out global::System.Collections.Generic.IEnumerable<string>? values)
            {
                values = null;
                return false;
            }

            public override global::System.Collections.Generic.IEnumerator<global::System.Collections.Generic.KeyValuePair<string, string>> GetEnumerator()
            {
                yield break;
            }
        }
    }
}
""";
}
