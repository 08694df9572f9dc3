using AgentBudget.Analyzers.Tests.Infrastructure;
using AgentBudget.Generators.Analyzers.Tracking;

namespace AgentBudget.Analyzers.Tests.Rules;

/// <summary>AB0003: leaving the enumeration of a tracked LLM stream before its end.</summary>
public class AbandonedStreamTests
{
    [Fact]
    public Task Break_return_and_throw_out_of_a_tracked_stream_are_reported() => Verify.AnalyzerAsync<LlmCallTrackingAnalyzer>("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using AgentBudget;
        using Anthropic;
        using Anthropic.Models.Messages;
        using Microsoft.Extensions.AI;
        using OpenAI.Chat;

        [Budgeted("$2.00")]
        public partial class StreamingAgent
        {
            private readonly ChatClient _chat = new("gpt-4o", "key");
            private readonly AnthropicClient _anthropic = new();

            public async Task<string> FirstSentenceAsync(string topic)
            {
                var text = "";
                await foreach (var update in _chat.CompleteChatStreamingAsync(new UserChatMessage(topic)))
                {
                    foreach (var part in update.ContentUpdate)
                    {
                        text += part.Text;
                        if (text.Contains('.'))
                        {
                            break; // leaves the inner loop only
                        }
                    }

                    if (text.EndsWith('.'))
                    {
                        {|AB0003:break;|}
                    }

                    if (text.Length > 200)
                    {
                        {|AB0003:return text;|}
                    }
                }

                return text;
            }

            public async Task WatchAsync(string topic)
            {
                var events = _anthropic.Messages.CreateStreaming(new MessageCreateParams { Model = "claude-sonnet-4-5", MaxTokens = 64, Messages = [new UserMessageParam(topic)] });
                await foreach (var streamEvent in events.WithCancellation(default))
                {
                    if (streamEvent.Type == null)
                    {
                        {|AB0003:throw new InvalidOperationException("no type");|}
                    }
                }
            }

            public async IAsyncEnumerable<string> RelayAsync(IChatClient client, string topic)
            {
                await foreach (var update in client.GetStreamingResponseAsync(topic))
                {
                    if (update.Text == "STOP")
                    {
                        {|AB0003:yield break;|}
                    }

                    yield return update.Text;
                }
            }
        }
        """);

    [Fact]
    public Task Running_to_the_end_or_leaving_inner_loops_is_not_reported() => Verify.AnalyzerAsync<LlmCallTrackingAnalyzer>("""
        using System;
        using System.Threading.Tasks;
        using AgentBudget;
        using OpenAI.Chat;

        [Budgeted("$2.00")]
        public partial class StreamingAgent
        {
            private readonly ChatClient _chat = new("gpt-4o", "key");

            public async Task<string> AllAsync(string topic)
            {
                var text = "";
                var stop = false;
                await foreach (var update in _chat.CompleteChatStreamingAsync(new UserChatMessage(topic)))
                {
                    foreach (var part in update.ContentUpdate)
                    {
                        if (stop)
                        {
                            break;
                        }

                        switch (part.Text)
                        {
                            case ".":
                                stop = true;
                                break;
                            default:
                                text += part.Text;
                                continue;
                        }
                    }

                    try
                    {
                        if (text.Length > 10_000)
                        {
                            throw new InvalidOperationException("too long");
                        }
                    }
                    catch (InvalidOperationException)
                    {
                        stop = true;
                    }

                    Func<int> local = () => { return text.Length; };
                    _ = local();
                }

                return text;
            }
        }
        """);

    [Fact]
    public Task An_untracked_stream_gets_AB0001_not_AB0003() => Verify.AnalyzerAsync<LlmCallTrackingAnalyzer>("""
        using System.Threading.Tasks;
        using OpenAI.Chat;

        public class Plain
        {
            public async Task<string> FirstAsync(ChatClient chat)
            {
                await foreach (var update in chat.{|AB0001:CompleteChatStreamingAsync(new UserChatMessage("x"))|})
                {
                    return update.ContentUpdate[0].Text;
                }

                return "";
            }
        }
        """);

    [Fact]
    public Task Operators_that_stop_early_on_the_stream_are_reported() => Verify.AnalyzerAsync<LlmCallTrackingAnalyzer>("""
        using System.Linq;
        using AgentBudget;
        using OpenAI.Chat;

        [Budgeted("$2.00")]
        public partial class Peeker
        {
            private readonly ChatClient _chat = new("gpt-4o", "key");

            public int FirstThree()
            {
                var updates = _chat.CompleteChatStreaming(new UserChatMessage("x"));
                var all = _chat.CompleteChatStreaming(new UserChatMessage("y")).Count();
                return {|AB0003:updates.Take(3)|}.Count() + all;
            }
        }
        """);
}
