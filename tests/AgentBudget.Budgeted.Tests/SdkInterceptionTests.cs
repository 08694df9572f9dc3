using System.Net;
using System.Reflection;
using AgentBudget.Budgeted.Tests.Infrastructure;
using AgentBudget.Interception;

namespace AgentBudget.Budgeted.Tests;

/// <summary>
/// Compile-and-run tests of LLM-call interception: a [Budgeted] agent, compiled in memory with the generator, calls the
/// real OpenAI, Anthropic and Microsoft.Extensions.AI clients over a fake HTTP transport, and its session must show the
/// exact spend for the canned usage (prices from <see cref="TestPrices"/>, in USD per million tokens).
/// </summary>
public sealed class SdkInterceptionTests
{
    private const string Program = """
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgentBudget;
using Anthropic;
using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using OpenAI.Responses;

namespace Agents
{
    [Budgeted("$5.00")]
    public partial class SdkAgent(ChatClient chat, ResponsesClient responses, EmbeddingClient embeddings, AnthropicClient anthropic, IChatClient meai)
    {
        public async Task<string> ChatAsync()
        {
            ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("Hi")]);
            return completion.Content[0].Text;
        }

        public string ChatSync() => chat.CompleteChat(new UserChatMessage("Hi")).Value.Content[0].Text;

        public async Task<int> ChatStreamAsync(int stopAfter)
        {
            var updates = 0;
            await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
            {
                if (++updates == stopAfter) break;
            }

            return updates;
        }

        public int ChatStreamSync()
        {
            var updates = 0;
            foreach (var update in chat.CompleteChatStreaming(new OpenAI.Chat.ChatMessage[] { new UserChatMessage("Hi") }, new ChatCompletionOptions { MaxOutputTokenCount = 50 }))
            {
                updates++;
            }

            return updates;
        }

        public async Task<string> ResponsesAsync() => (await responses.CreateResponseAsync("gpt-4.1-mini", "Hi")).Value.GetOutputText();

        public async Task<int> ResponsesStreamAsync()
        {
            var updates = 0;
            await foreach (var update in responses.CreateResponseStreamingAsync("gpt-4.1-mini", "Hi")) updates++;
            return updates;
        }

        public async Task<int> EmbedAsync() => (await embeddings.GenerateEmbeddingsAsync(new[] { "a", "b" })).Value.Count;

        private static MessageCreateParams Claude() => new() { Model = "claude-sonnet-4-5", MaxTokens = 1024, Messages = [new UserMessageParam("Hi")] };

        public async Task<string> ClaudeAsync()
        {
            var message = await anthropic.Messages.Create(Claude());
            return message.Model.Raw();
        }

        public async Task<int> ClaudeStreamAsync()
        {
            var events = 0;
            await foreach (var streamEvent in anthropic.Messages.CreateStreaming(Claude())) events++;
            return events;
        }

        public async Task<string> MeaiExtensionAsync() => (await meai.GetResponseAsync("Hi")).Text;

        public async Task<string> MeaiInterfaceAsync()
        {
            IChatClient client = meai;
            Func<Task<ChatResponse>> call = () => client.GetResponseAsync([new Microsoft.Extensions.AI.ChatMessage(ChatRole.User, "Hi")]);
            return (await call()).Text;
        }

        public async Task<int> MeaiStreamAsync()
        {
            var updates = 0;
            await foreach (var update in meai.GetStreamingResponseAsync("Hi")) updates++;
            return updates;
        }

        public static async Task<string> OutsideAnyAgent(ChatClient client) => (await client.CompleteChatAsync([new UserChatMessage("Hi")])).Value.Model;
    }

    [Budgeted("$0.001")]
    public partial class TinyAgent(ChatClient chat)
    {
        public async Task<string> AskAsync(int? maxOutputTokens)
        {
            var options = new ChatCompletionOptions { MaxOutputTokenCount = maxOutputTokens };
            return (await chat.CompleteChatAsync([new UserChatMessage("Hi")], options)).Value.Model;
        }
    }

    public static class Program
    {
        public static Task<string> Tiny(TinyAgent agent, int? maxOutputTokens) => agent.AskAsync(maxOutputTokens);

        public static async Task<object> Run(SdkAgent agent, string scenario) => scenario switch
        {
            "chat-async" => await agent.ChatAsync(),
            "chat-sync" => agent.ChatSync(),
            "chat-stream-async" => await agent.ChatStreamAsync(0),
            "chat-stream-early" => await agent.ChatStreamAsync(2),
            "chat-stream-sync" => agent.ChatStreamSync(),
            "responses-async" => await agent.ResponsesAsync(),
            "responses-stream-async" => await agent.ResponsesStreamAsync(),
            "embeddings" => await agent.EmbedAsync(),
            "claude" => await agent.ClaudeAsync(),
            "claude-stream" => await agent.ClaudeStreamAsync(),
            "meai-extension" => await agent.MeaiExtensionAsync(),
            "meai-interface" => await agent.MeaiInterfaceAsync(),
            "meai-stream" => await agent.MeaiStreamAsync(),
            "static" => await SdkAgent.OutsideAnyAgent(null!),
            _ => throw new ArgumentException(scenario),
        };

        public static Task<string> Static(ChatClient client) => SdkAgent.OutsideAnyAgent(client);
    }
}
""";

    private static readonly Lazy<(Assembly Assembly, IReadOnlyDictionary<string, string> Generated)> Compiled = new(() =>
    {
        BudgetedAgentOptions.DefaultPrices = TestPrices.Instance;
        return GeneratorHarness.CompileAndLoad(Program);
    });

    private static Money Micro(string microdollars) => Money.FromDollars(decimal.Parse(microdollars, System.Globalization.CultureInfo.InvariantCulture) / 1_000_000m);

    private static async Task<(object? Result, Exception? Error, BudgetSession Session, FakeHttpHandler Handler)> Run(string scenario, Action<FakeHttpHandler> replies)
    {
        var assembly = Compiled.Value.Assembly;
        var handler = new FakeHttpHandler();
        replies(handler);
        var agentType = assembly.GetType("Agents.SdkAgent")!;
        var agent = Activator.CreateInstance(agentType, FakeClients.Chat(handler), FakeClients.Responses(handler), FakeClients.Embeddings(handler),
            FakeClients.Anthropic(handler), Microsoft.Extensions.AI.OpenAIClientExtensions.AsIChatClient(FakeClients.Chat(handler)))!;
        var run = (Task<object>)assembly.GetType("Agents.Program")!.GetMethod("Run")!.Invoke(null, [agent, scenario])!;
        object? result = null;
        Exception? error = null;
        try
        {
            result = await run;
        }
        catch (Exception e)
        {
            error = e;
        }

        var session = (BudgetSession)agentType.GetProperty("BudgetSession")!.GetValue(agent)!;
        return (result, error, session, handler);
    }

    [Fact]
    public async Task OpenAI_chat_async_is_charged_the_exact_usage_of_the_answering_model()
    {
        var (result, error, session, _) = await Run("chat-async", h => h.Json(Canned.OpenAIChat));

        Assert.Null(error);
        Assert.Equal("Hello from the fake server.", result);
        // 200 uncached × 0.15 + 1000 cached × 0.075 + 180 output × 0.60 + 120 reasoning × 0.60 = 285 µ$
        Assert.Equal(Micro("285"), session.Spent);
        Assert.Equal(Money.Zero, session.Reserved);
        var report = session.Report();
        Assert.Equal(1, report.Breakdown.Llm.Calls);
        Assert.True(report.Breakdown.Llm.ByModel.ContainsKey("gpt-4o-mini-2024-07-18"));
        Assert.Equal(0, report.EstimatedCalls);
    }

    [Fact]
    public async Task OpenAI_chat_sync_params_overload_is_charged()
    {
        var (result, error, session, _) = await Run("chat-sync", h => h.Json(Canned.OpenAIChat));

        Assert.Null(error);
        Assert.Equal("Hello from the fake server.", result);
        Assert.Equal(Micro("285"), session.Spent);
    }

    [Fact]
    public async Task OpenAI_stream_async_complete_is_charged_from_the_final_usage_update()
    {
        var (result, error, session, _) = await Run("chat-stream-async", h => h.Sse(Canned.OpenAIChatStream));

        Assert.Null(error);
        Assert.Equal(4, result);
        // 10 uncached × 0.15 + 32 cached × 0.075 + 4 output × 0.60 + 3 reasoning × 0.60 = 8.1 µ$
        Assert.Equal(Micro("8.1"), session.Spent);
        Assert.Equal(0, session.Report().EstimatedCalls);
    }

    [Fact]
    public async Task OpenAI_stream_sync_with_options_is_charged()
    {
        var (result, error, session, handler) = await Run("chat-stream-sync", h => h.Sse(Canned.OpenAIChatStream));

        Assert.Null(error);
        Assert.Equal(4, result);
        Assert.Equal(Micro("8.1"), session.Spent);
        Assert.Contains("\"max_completion_tokens\":50", handler.RequestBodies[0]);
    }

    [Fact]
    public async Task OpenAI_stream_stopped_early_records_a_flagged_estimate_not_zero()
    {
        var (result, error, session, _) = await Run("chat-stream-early", h => h.Sse(Canned.OpenAIChatStream));

        Assert.Null(error);
        Assert.Equal(2, result);
        // Estimate: prompt "Hi" = 4 framing + 1 text token; output "Hello world, this is long" = 25 chars = 7 tokens.
        // 5 × 0.15 + 7 × 0.60 = 4.95 µ$, flagged as an estimate.
        Assert.Equal(Micro("4.95"), session.Spent);
        Assert.Equal(1, session.Report().EstimatedCalls);
        Assert.Equal(Money.Zero, session.Reserved);
    }

    [Fact]
    public async Task OpenAI_stream_that_faults_after_text_records_a_flagged_estimate()
    {
        var (_, error, session, _) = await Run("chat-stream-async", h => h.Sse(Canned.OpenAIChatStreamTruncated));

        Assert.NotNull(error);
        Assert.Equal(Micro("4.95"), session.Spent);
        Assert.Equal(1, session.Report().EstimatedCalls);
        Assert.Equal(Money.Zero, session.Reserved);
    }

    [Fact]
    public async Task HTTP_429_and_500_charge_nothing_and_release_the_reservation()
    {
        var (_, chatError, chatSession, _) = await Run("chat-async", h => h.Json(Canned.RateLimited, HttpStatusCode.TooManyRequests));
        var (_, streamError, streamSession, _) = await Run("chat-stream-async", h => h.Json(Canned.RateLimited, HttpStatusCode.InternalServerError));
        var (_, claudeError, claudeSession, _) = await Run("claude", h => h.Json(Canned.RateLimited, HttpStatusCode.TooManyRequests));

        Assert.IsType<System.ClientModel.ClientResultException>(chatError);
        Assert.IsType<System.ClientModel.ClientResultException>(streamError);
        Assert.NotNull(claudeError);
        foreach (var session in new[] { chatSession, streamSession, claudeSession })
        {
            Assert.Equal(Money.Zero, session.Spent);
            Assert.Equal(Money.Zero, session.Reserved);
            Assert.Equal(0, session.Report().Breakdown.Llm.Calls);
        }
    }

    [Fact]
    public async Task OpenAI_responses_and_stream_and_embeddings_are_charged()
    {
        var (responsesResult, responsesError, responses, _) = await Run("responses-async", h => h.Json(Canned.OpenAIResponse));
        var (streamResult, streamError, stream, _) = await Run("responses-stream-async", h => h.Sse(Canned.OpenAIResponseStream));
        var (embedResult, embedError, embed, _) = await Run("embeddings", h => h.Json(Canned.OpenAIEmbeddings));

        Assert.Null(responsesError);
        Assert.Null(streamError);
        Assert.Null(embedError);
        Assert.Equal("Hi from responses.", responsesResult);
        Assert.Equal(3, streamResult);
        Assert.Equal(2, embedResult);
        // 300 × 0.40 + 200 cached × 0.10 + 50 × 1.60 + 30 reasoning × 1.60 = 268 µ$
        Assert.Equal(Micro("268"), responses.Spent);
        // 61 × 0.40 + 9 × 1.60 = 38.8 µ$
        Assert.Equal(Micro("38.8"), stream.Spent);
        // 8 × 0.02 = 0.16 µ$
        Assert.Equal(Micro("0.16"), embed.Spent);
    }

    [Fact]
    public async Task Anthropic_create_and_stream_are_charged_with_cache_buckets_and_running_output_total()
    {
        var (result, error, session, _) = await Run("claude", h => h.Json(Canned.AnthropicMessage));
        var (events, streamError, stream, _) = await Run("claude-stream", h => h.Sse(Canned.AnthropicStream));

        Assert.Null(error);
        Assert.Null(streamError);
        Assert.Equal("claude-sonnet-4-5-20250929", result);
        Assert.Equal(7, events);
        // 2095 × 3 + 1800 read × 0.30 + 2051 write(5m) × 3.75 + 503 × 15 = 22061.25 µ$
        Assert.Equal(Micro("22061.25"), session.Spent);
        // 25 × 3 + 400 × 0.30 + 100 × 3.75 + 15 × 15 (the last running total, not 1 + 15) = 795 µ$
        Assert.Equal(Micro("795"), stream.Spent);
    }

    [Fact]
    public async Task Extensions_AI_extension_interface_lambda_and_streaming_calls_are_charged()
    {
        var (extension, extensionError, viaExtension, _) = await Run("meai-extension", h => h.Json(Canned.OpenAIChat));
        var (viaInterfaceText, interfaceError, viaInterface, _) = await Run("meai-interface", h => h.Json(Canned.OpenAIChat));
        var (updates, streamError, stream, _) = await Run("meai-stream", h => h.Sse(Canned.OpenAIChatStream));

        Assert.Null(extensionError);
        Assert.Null(interfaceError);
        Assert.Null(streamError);
        Assert.Equal("Hello from the fake server.", extension);
        Assert.Equal("Hello from the fake server.", viaInterfaceText);
        Assert.Equal(Micro("285"), viaExtension.Spent);
        Assert.Equal(Micro("285"), viaInterface.Spent);
        Assert.Equal(Micro("8.1"), stream.Spent);
        Assert.Equal(1, viaExtension.Report().Breakdown.Llm.Calls);
    }

    [Fact]
    public async Task Admission_reserves_the_request_cap_or_the_model_maximum_before_the_request_is_sent()
    {
        var assembly = Compiled.Value.Assembly;
        var agentType = assembly.GetType("Agents.TinyAgent")!;
        var tiny = assembly.GetType("Agents.Program")!.GetMethod("Tiny")!;

        // No cap in the request: the model's maximum output (16384 × $0.60/M ≈ $0.0098) does not fit $0.001.
        var refusedHandler = new FakeHttpHandler().Json(Canned.OpenAIChat);
        var refusedAgent = Activator.CreateInstance(agentType, FakeClients.Chat(refusedHandler))!;
        await Assert.ThrowsAsync<BudgetExhaustedException>(() => (Task<string>)tiny.Invoke(null, [refusedAgent, null])!);
        Assert.Empty(refusedHandler.RequestBodies);

        // A cap of 100 tokens: 5 prompt tokens × 0.15 + 100 × 0.60 = 60.75 µ$ reserved, which fits; the call is made and settled exactly.
        var cappedHandler = new FakeHttpHandler().Json(Canned.OpenAIChat);
        var cappedAgent = Activator.CreateInstance(agentType, FakeClients.Chat(cappedHandler))!;
        var model = await (Task<string>)tiny.Invoke(null, [cappedAgent, 100])!;
        var session = (BudgetSession)agentType.GetProperty("BudgetSession")!.GetValue(cappedAgent)!;
        Assert.Equal("gpt-4o-mini-2024-07-18", model);
        Assert.Single(cappedHandler.RequestBodies);
        Assert.Equal(Micro("285"), session.Spent);
    }

    [Fact]
    public async Task A_call_with_no_ambient_session_is_charged_to_the_type_fallback_session()
    {
        var assembly = Compiled.Value.Assembly;
        var handler = new FakeHttpHandler().Json(Canned.OpenAIChat);
        var model = await (Task<string>)assembly.GetType("Agents.Program")!.GetMethod("Static")!.Invoke(null, [FakeClients.Chat(handler)])!;

        var fallback = (BudgetSession)assembly.GetType("Agents.SdkAgent")!
            .GetProperty("AgentBudgetFallbackSession", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        Assert.Equal("gpt-4o-mini-2024-07-18", model);
        Assert.Equal(Micro("285"), fallback.Spent);
        Assert.StartsWith("SdkAgent-fallback-", fallback.Id, StringComparison.Ordinal);
        // The fallback says so in its own report, so a reader knows these calls ran outside any agent run.
        var notice = Assert.Single(fallback.Report().Events, e => e.Kind == "notice");
        Assert.Equal("SdkAgent", notice.Name);
        Assert.Contains("EnterBudgetScope()", notice.Detail, StringComparison.Ordinal);
    }
}
