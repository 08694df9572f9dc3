namespace AgentBudget.ManualMode.Tests;

/// <summary>
/// The consumer program compiled in memory by the tests: it uses only <c>using AgentBudget;</c> and the generated
/// manual-mode extensions (plus one [Budgeted] agent, to prove both modes coexist in one compilation).
/// </summary>
internal static class ManualProgram
{
    public const string Source = """
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using AgentBudget;
using Anthropic;
using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using OpenAI.Responses;

namespace Manual
{
    public static class OpenAIScenarios
    {
        public static async Task<Money> RecordChatResultAsync(BudgetSession session, ChatClient chat)
            => session.Record(await chat.CompleteChatAsync([new UserChatMessage("Hi")]));

        public static Money RecordChatCompletion(BudgetSession session, ChatClient chat)
        {
            ChatCompletion completion = chat.CompleteChat(new UserChatMessage("Hi"));
            return session.Record(completion);
        }

        public static async Task<(Money Total, int Recorded, int Updates)> RecordEveryUpdateAsync(BudgetSession session, ChatClient chat)
        {
            Money total = Money.Zero;
            int recorded = 0, updates = 0;
            await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
            {
                updates++;
                var cost = session.Record(update);
                if (cost != Money.Zero) recorded++;
                total += cost;
            }

            return (total, recorded, updates);
        }

        public static async Task<int> TrackStreamAsync(BudgetSession session, ChatClient chat, int stopAfter)
        {
            var updates = 0;
            await foreach (var update in session.Track(chat.CompleteChatStreamingAsync([new UserChatMessage("Hi")])))
            {
                if (++updates == stopAfter) break;
            }

            return updates;
        }

        public static int TrackStreamSync(BudgetSession session, ChatClient chat)
        {
            var updates = 0;
            foreach (var update in session.Track(chat.CompleteChatStreaming(new UserChatMessage("Hi")))) updates++;
            return updates;
        }

        public static async Task<Money> RecordResponseAsync(BudgetSession session, ResponsesClient responses)
            => session.Record(await responses.CreateResponseAsync("gpt-4.1-mini", "Hi"));

        public static async Task<int> TrackResponseStreamAsync(BudgetSession session, ResponsesClient responses)
        {
            var updates = 0;
            await foreach (var update in session.Track(responses.CreateResponseStreamingAsync("gpt-4.1-mini", "Hi"))) updates++;
            return updates;
        }

        public static async Task<Money> RecordEmbeddingsAsync(BudgetSession session, EmbeddingClient embeddings)
            => session.Record(await embeddings.GenerateEmbeddingsAsync(new[] { "a", "b" }));

        // Two clients on the same transport: only the wrapped one is charged.
        public static async Task<(string Wrapped, string Plain)> WrappedAndPlainAsync(BudgetSession session, ChatClient wrapMe, ChatClient plain)
        {
            ChatClient tracked = session.Wrap(wrapMe);
            ChatCompletion a = await tracked.CompleteChatAsync([new UserChatMessage("Hi")]);
            ChatCompletion b = await plain.CompleteChatAsync([new UserChatMessage("Hi")]);
            return (a.Model, b.Model);
        }

        public static string WrappedSync(BudgetSession session, ChatClient chat)
            => session.Wrap(chat).CompleteChat(new UserChatMessage("Hi")).Value.Content[0].Text;

        public static async Task<int> WrappedStreamAsync(BudgetSession session, ChatClient chat, int stopAfter)
        {
            var updates = 0;
            await foreach (var update in session.Wrap(chat).CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
            {
                if (++updates == stopAfter) break;
            }

            return updates;
        }

        public static int WrappedStreamSync(BudgetSession session, ChatClient chat)
        {
            var updates = 0;
            foreach (var update in session.Wrap(chat).CompleteChatStreaming(new[] { new UserChatMessage("Hi") }, new ChatCompletionOptions { MaxOutputTokenCount = 50 })) updates++;
            return updates;
        }

        public static string? WrappedModel(BudgetSession session, ChatClient chat) => session.Wrap(chat).Model;

        // The Microsoft.Extensions.AI adapter calls the wrapped client's virtual methods, so it is tracked too.
        public static async Task<string> WrappedThroughMeaiAsync(BudgetSession session, ChatClient chat)
            => (await session.Wrap(chat).AsIChatClient().GetResponseAsync("Hi")).Text;
    }

    public static class AnthropicScenarios
    {
        private static MessageCreateParams Claude(long maxTokens = 1024)
            => new() { Model = "claude-sonnet-4-5", MaxTokens = maxTokens, Messages = [new UserMessageParam("Hi")] };

        public static async Task<Money> RecordMessageAsync(BudgetSession session, AnthropicClient client)
            => session.Record(await client.Messages.Create(Claude()));

        public static async Task<int> TrackStreamAsync(BudgetSession session, AnthropicClient client, int stopAfter)
        {
            var events = 0;
            await foreach (var streamEvent in session.Track(client.Messages.CreateStreaming(Claude())))
            {
                if (++events == stopAfter) break;
            }

            return events;
        }

        public static async Task<(string Wrapped, string Plain)> WrappedAndPlainAsync(BudgetSession session, AnthropicClient client)
        {
            var tracked = session.Wrap(client.Messages);
            var a = await tracked.Create(Claude());
            var b = await client.Messages.Create(Claude());
            return (a.Model.Raw(), b.Model.Raw());
        }

        public static async Task<int> WrappedStreamAsync(BudgetSession session, AnthropicClient client)
        {
            var events = 0;
            await foreach (var streamEvent in session.Wrap(client.Messages).CreateStreaming(Claude())) events++;
            return events;
        }

        public static async Task<string> WrappedWithOptionsAsync(BudgetSession session, AnthropicClient client)
            => (await session.Wrap(client.Messages).WithOptions(o => o with { MaxRetries = 0 }).Create(Claude())).Model.Raw();
    }

    public static class ExtensionsAIScenarios
    {
        public static async Task<Money> RecordResponseAsync(BudgetSession session, IChatClient client)
            => session.Record(await client.GetResponseAsync("Hi"));

        public static Money RecordDetails(BudgetSession session, long input, long output, string model)
            => session.Record(new UsageDetails { InputTokenCount = input, OutputTokenCount = output }, model);

        public static async Task<int> TrackStreamAsync(BudgetSession session, IChatClient client)
        {
            var updates = 0;
            await foreach (var update in session.Track(client.GetStreamingResponseAsync("Hi"))) updates++;
            return updates;
        }
    }

    // Interception and manual mode in one compilation: each generated file carries its own file-local support.
    [Budgeted("$1.00")]
    public partial class CoexistingAgent(ChatClient chat)
    {
        public async Task<string> AskAsync() => (await chat.CompleteChatAsync([new UserChatMessage("Hi")])).Value.Model;
    }
}
""";
}
