using AgentBudget.Analyzers.Tests.Infrastructure;
using AgentBudget.CodeFixes.Tracking;
using AgentBudget.Generators.Analyzers.Tracking;

namespace AgentBudget.Analyzers.Tests.Fixes;

/// <summary>AB0001 fixes: make the class [Budgeted], or record the result on the session in scope.</summary>
public class TrackingFixTests
{
    [Fact]
    public Task Makes_the_containing_class_partial_and_budgeted() => Verify.CodeFixAsync<LlmCallTrackingAnalyzer, MakeBudgetedCodeFix>("""
        using System.Threading.Tasks;
        using OpenAI.Chat;

        namespace Agents;

        /// <summary>Answers questions.</summary>
        public sealed class Assistant
        {
            private readonly ChatClient _chat = new("gpt-4o", "key");

            public async Task<string> AskAsync(string question)
            {
                ChatCompletion completion = await _chat.{|AB0001:CompleteChatAsync(new UserChatMessage(question))|};
                return completion.Content[0].Text;
            }
        }
        """, """
        using System.Threading.Tasks;
        using AgentBudget;
        using OpenAI.Chat;

        namespace Agents;

        /// <summary>Answers questions.</summary>
        [Budgeted("$1.00")]
        public sealed partial class Assistant
        {
            private readonly ChatClient _chat = new("gpt-4o", "key");

            public async Task<string> AskAsync(string question)
            {
                ChatCompletion completion = await _chat.CompleteChatAsync(new UserChatMessage(question));
                return completion.Content[0].Text;
            }
        }
        """);

    [Fact]
    public Task Makes_a_nested_class_and_its_container_partial() => Verify.CodeFixAsync<LlmCallTrackingAnalyzer, MakeBudgetedCodeFix>("""
        using AgentBudget;
        using OpenAI.Chat;

        public static class Agents
        {
            [System.Serializable]
            internal class Helper
            {
                public string Ask(ChatClient chat) => chat.{|AB0001:CompleteChat(new UserChatMessage("q"))|}.Value.Content[0].Text;
            }
        }
        """, """
        using AgentBudget;
        using OpenAI.Chat;

        public static partial class Agents
        {
            [Budgeted("$1.00")]
            [System.Serializable]
            internal partial class Helper
            {
                public string Ask(ChatClient chat) => chat.CompleteChat(new UserChatMessage("q")).Value.Content[0].Text;
            }
        }
        """);

    [Fact]
    public Task Not_offered_for_a_struct() => Verify.CodeFixAsync<LlmCallTrackingAnalyzer, MakeBudgetedCodeFix>("""
        using OpenAI.Chat;

        public struct Helper
        {
            public string Ask(ChatClient chat) => chat.{|AB0001:CompleteChat(new UserChatMessage("q"))|}.Value.Content[0].Text;
        }
        """, """
        using OpenAI.Chat;

        public struct Helper
        {
            public string Ask(ChatClient chat) => chat.{|AB0001:CompleteChat(new UserChatMessage("q"))|}.Value.Content[0].Text;
        }
        """);

    [Fact]
    public Task Records_an_OpenAI_completion_on_the_session_parameter() => Verify.CodeFixAsync<LlmCallTrackingAnalyzer, RecordOnSessionCodeFix>("""
        using System.Threading.Tasks;
        using AgentBudget;
        using OpenAI.Chat;

        public class Worker
        {
            private readonly ChatClient _chat = new("gpt-4o", "key");

            public async Task<string> StepAsync(BudgetSession session, string input)
            {
                var result = await _chat.{|AB0001:CompleteChatAsync(new UserChatMessage(input))|};
                return result.Value.Content[0].Text;
            }
        }
        """, """
        using System.Threading.Tasks;
        using AgentBudget;
        using AgentBudget.Pricing;
        using OpenAI.Chat;

        public class Worker
        {
            private readonly ChatClient _chat = new("gpt-4o", "key");

            public async Task<string> StepAsync(BudgetSession session, string input)
            {
                var result = await _chat.CompleteChatAsync(new UserChatMessage(input));
                session.RecordUsage(result.Value.Model, TokenUsage.FromOpenAI(result.Value.Usage.InputTokenCount, result.Value.Usage.OutputTokenCount, result.Value.Usage.InputTokenDetails?.CachedTokenCount ?? 0, result.Value.Usage.OutputTokenDetails?.ReasoningTokenCount ?? 0));
                return result.Value.Content[0].Text;
            }
        }
        """);

    [Fact]
    public Task Records_a_discarded_Anthropic_message_on_the_session_field() => Verify.CodeFixAsync<LlmCallTrackingAnalyzer, RecordOnSessionCodeFix>("""
        using System.Threading.Tasks;
        using AgentBudget;
        using Anthropic;
        using Anthropic.Models.Messages;

        public class Notifier
        {
            private readonly AnthropicClient _anthropic = new();
            private readonly BudgetSession _session;

            public Notifier(BudgetSession session) => _session = session;

            public async Task PingAsync()
            {
                await _anthropic.Messages.{|AB0001:Create(new MessageCreateParams { Model = "claude-haiku-4-5", MaxTokens = 16, Messages = [new UserMessageParam("ping")] })|};
            }
        }
        """, """
        using System.Threading.Tasks;
        using AgentBudget;
        using AgentBudget.Pricing;
        using Anthropic;
        using Anthropic.Models.Messages;

        public class Notifier
        {
            private readonly AnthropicClient _anthropic = new();
            private readonly BudgetSession _session;

            public Notifier(BudgetSession session) => _session = session;

            public async Task PingAsync()
            {
                var message = await _anthropic.Messages.Create(new MessageCreateParams { Model = "claude-haiku-4-5", MaxTokens = 16, Messages = [new UserMessageParam("ping")] });
                _session.RecordUsage(message.Model.Raw(), TokenUsage.FromAnthropic(message.Usage.InputTokens, message.Usage.OutputTokens, message.Usage.CacheReadInputTokens ?? 0, message.Usage.CacheCreation?.Ephemeral5mInputTokens ?? message.Usage.CacheCreationInputTokens ?? 0, message.Usage.CacheCreation?.Ephemeral1hInputTokens ?? 0));
            }
        }
        """);

    [Fact]
    public Task Not_offered_without_a_session_in_scope() => Verify.CodeFixAsync<LlmCallTrackingAnalyzer, RecordOnSessionCodeFix>("""
        using System.Threading.Tasks;
        using OpenAI.Chat;

        public class Worker
        {
            public async Task<string> StepAsync(ChatClient chat, string input)
            {
                var result = await chat.{|AB0001:CompleteChatAsync(new UserChatMessage(input))|};
                return result.Value.Content[0].Text;
            }
        }
        """, """
        using System.Threading.Tasks;
        using OpenAI.Chat;

        public class Worker
        {
            public async Task<string> StepAsync(ChatClient chat, string input)
            {
                var result = await chat.{|AB0001:CompleteChatAsync(new UserChatMessage(input))|};
                return result.Value.Content[0].Text;
            }
        }
        """);

    [Fact]
    public Task With_the_manual_mode_extensions_the_result_is_recorded_as_is() => new FixTest<LlmCallTrackingAnalyzer, RecordOnSessionCodeFix>
    {
        WithManualMode = true,
        TestCode = """
            using System.Threading.Tasks;
            using AgentBudget;
            using OpenAI.Chat;

            public class Worker(ChatClient chat)
            {
                public async Task<string> StepAsync(BudgetSession session, string input)
                {
                    var result = await chat.{|AB0001:CompleteChatAsync(new UserChatMessage(input))|};
                    return result.Value.Content[0].Text;
                }
            }
            """,
        FixedCode = """
            using System.Threading.Tasks;
            using AgentBudget;
            using OpenAI.Chat;

            public class Worker(ChatClient chat)
            {
                public async Task<string> StepAsync(BudgetSession session, string input)
                {
                    var result = await chat.CompleteChatAsync(new UserChatMessage(input));
                    session.Record(result);
                    return result.Value.Content[0].Text;
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task A_stream_in_a_foreach_is_wrapped_with_Track() => new FixTest<LlmCallTrackingAnalyzer, RecordOnSessionCodeFix>
    {
        WithManualMode = true,
        TestCode = """
            using System.Threading.Tasks;
            using AgentBudget;
            using OpenAI.Chat;

            public class Streamer(ChatClient chat)
            {
                public async Task<int> CountAsync(BudgetSession session)
                {
                    var count = 0;
                    await foreach (var update in chat.{|AB0001:CompleteChatStreamingAsync(new UserChatMessage("count"))|})
                    {
                        count += update.ContentUpdate.Count;
                    }

                    return count;
                }
            }
            """,
        FixedCode = """
            using System.Threading.Tasks;
            using AgentBudget;
            using OpenAI.Chat;

            public class Streamer(ChatClient chat)
            {
                public async Task<int> CountAsync(BudgetSession session)
                {
                    var count = 0;
                    await foreach (var update in session.Track(chat.CompleteChatStreamingAsync(new UserChatMessage("count"))))
                    {
                        count += update.ContentUpdate.Count;
                    }

                    return count;
                }
            }
            """,
    }.RunAsync();
}
