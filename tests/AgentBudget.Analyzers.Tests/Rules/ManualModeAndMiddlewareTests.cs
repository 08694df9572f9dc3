using AgentBudget.Analyzers.Tests.Infrastructure;
using AgentBudget.Generators.Analyzers.Tracking;

namespace AgentBudget.Analyzers.Tests.Rules;

/// <summary>
/// AB0001/AB0003 with the other two ways a call is tracked: the generated manual-mode extensions
/// (<c>session.Record/Track/Wrap</c>, produced by the real generator here) and the Microsoft.Extensions.AI middleware
/// (<c>UseBudget</c>, <c>BudgetChatClient</c> from AgentBudget.Extensions.AI).
/// </summary>
public class ManualModeAndMiddlewareTests
{
    [Fact]
    public Task Record_Track_and_Wrap_make_calls_tracked() => new RuleTest<LlmCallTrackingAnalyzer>
    {
        WithManualMode = true,
        TestCode = """
            using System.Threading.Tasks;
            using AgentBudget;
            using Anthropic;
            using Anthropic.Models.Messages;
            using OpenAI.Chat;

            public class Manual
            {
                public async Task<string> RunAsync(BudgetSession session, ChatClient chat, AnthropicClient anthropic)
                {
                    session.Record(await chat.CompleteChatAsync(new UserChatMessage("a")));

                    var result = await chat.CompleteChatAsync(new UserChatMessage("b"));
                    session.Record(result);

                    var text = "";
                    await foreach (var update in session.Track(chat.CompleteChatStreamingAsync(new UserChatMessage("c"))))
                    {
                        text += update.ContentUpdate.Count;
                    }

                    var tracked = session.Wrap(chat);
                    ChatCompletion wrapped = await tracked.CompleteChatAsync(new UserChatMessage("d"));

                    var messages = session.Wrap(anthropic.Messages);
                    var message = await messages.Create(new MessageCreateParams { Model = "claude-haiku-4-5", MaxTokens = 16, Messages = [new UserMessageParam("e")] });

                    // The original instance is not tracked by Wrap.
                    ChatCompletion plain = await chat.{|AB0001:CompleteChatAsync(new UserChatMessage("f"))|};
                    return text + wrapped.Content[0].Text + message.Content.Count + plain.Content[0].Text;
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Leaving_a_tracked_stream_early_is_reported() => new RuleTest<LlmCallTrackingAnalyzer>
    {
        WithManualMode = true,
        TestCode = """
            using System.Threading.Tasks;
            using AgentBudget;
            using OpenAI.Chat;

            public class Manual
            {
                public async Task<string> FirstAsync(BudgetSession session, ChatClient chat)
                {
                    await foreach (var update in session.Track(chat.CompleteChatStreamingAsync(new UserChatMessage("c"))))
                    {
                        if (update.ContentUpdate.Count > 0)
                        {
                            {|AB0003:return update.ContentUpdate[0].Text;|}
                        }
                    }

                    return "";
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task A_pipeline_built_with_UseBudget_or_a_BudgetChatClient_is_tracked() => Verify.AnalyzerAsync<LlmCallTrackingAnalyzer>("""
        using System.Threading.Tasks;
        using AgentBudget;
        using AgentBudget.Extensions.AI;
        using Microsoft.Extensions.AI;
        using OpenAI.Chat;

        public class Pipelines
        {
            private readonly IChatClient _budgeted;

            public Pipelines(BudgetSession session)
            {
                _budgeted = new ChatClientBuilder(new ChatClient("gpt-4o", "key").AsIChatClient())
                    .UseFunctionInvocation()
                    .UseBudget(session)
                    .Build();
            }

            public async Task<string> RunAsync(BudgetSession session)
            {
                var first = await _budgeted.GetResponseAsync("one");

                var builder = new ChatClientBuilder(new ChatClient("gpt-4o-mini", "key").AsIChatClient());
                builder.UseBudget(session);
                IChatClient fromBuilder = builder.Build();
                var second = await fromBuilder.GetResponseAsync("two");

                IChatClient direct = new BudgetChatClient(new ChatClient("gpt-4o-mini", "key").AsIChatClient(), session);
                var third = await direct.GetResponseAsync("three");

                IChatClient wrappedAgain = new ChatClientBuilder(direct).UseFunctionInvocation().Build();
                var fourth = await wrappedAgain.GetResponseAsync("four");

                return first.Text + second.Text + third.Text + fourth.Text;
            }
        }
        """);
}
