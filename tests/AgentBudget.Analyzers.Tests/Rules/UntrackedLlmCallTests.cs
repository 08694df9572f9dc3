using AgentBudget.Analyzers.Tests.Infrastructure;
using AgentBudget.Generators.Analyzers.Tracking;

namespace AgentBudget.Analyzers.Tests.Rules;

/// <summary>AB0001: an LLM call whose cost nobody records.</summary>
public class UntrackedLlmCallTests
{
    [Fact]
    public Task OpenAI_chat_call_in_a_plain_class_is_reported() => Verify.AnalyzerAsync<LlmCallTrackingAnalyzer>("""
        using System.Threading.Tasks;
        using OpenAI.Chat;

        public class Service
        {
            public async Task<string> AskAsync(string question)
            {
                var client = new ChatClient("gpt-4o", "key");
                ChatCompletion completion = await client.{|AB0001:CompleteChatAsync(new UserChatMessage(question))|};
                return completion.Content[0].Text;
            }
        }
        """);

    [Fact]
    public Task Every_SDK_surface_is_recognised() => Verify.AnalyzerAsync<LlmCallTrackingAnalyzer>("""
        using System;
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;
        using Microsoft.Extensions.AI;
        using OpenAI;
        using OpenAI.Chat;
        using OpenAI.Embeddings;
        using OpenAI.Responses;

        public class Service
        {
            public async Task RunAsync()
            {
                var openAi = new OpenAIClient("key");
                var chat = openAi.GetChatClient("gpt-4o");
                chat.{|AB0001:CompleteChat(new UserChatMessage("a"))|};
                foreach (var update in chat.{|AB0001:CompleteChatStreaming(new UserChatMessage("b"))|})
                {
                    Console.Write(update.ContentUpdate.Count);
                }

                var responses = openAi.GetResponsesClient();
                var answer = await responses.{|AB0001:CreateResponseAsync("gpt-4.1-mini", "c")|};
                Console.WriteLine(answer.Value.GetOutputText());

                EmbeddingClient embeddings = openAi.GetEmbeddingClient("text-embedding-3-small");
                var vectors = await embeddings.{|AB0001:GenerateEmbeddingsAsync(new[] { "d" })|};
                Console.WriteLine(vectors.Value.Count);

                var anthropic = new AnthropicClient();
                Message message = await anthropic.Messages.{|AB0001:Create(new MessageCreateParams { Model = "claude-sonnet-4-5", MaxTokens = 64, Messages = [new UserMessageParam("e")] })|};
                Console.WriteLine(message.Content.Count);

                IChatClient meai = chat.AsIChatClient();
                var response = await meai.{|AB0001:GetResponseAsync("f")|};
                Console.WriteLine(response.Text);
            }
        }
        """);

    [Fact]
    public Task Calls_inside_a_budgeted_type_are_not_reported() => Verify.AnalyzerAsync<LlmCallTrackingAnalyzer>("""
        using System.Threading.Tasks;
        using AgentBudget;
        using Anthropic;
        using Anthropic.Models.Messages;
        using OpenAI.Chat;

        [Budgeted("$5.00")]
        public partial class ResearchAgent
        {
            private readonly ChatClient _chat = new("gpt-4o", "key");
            private readonly AnthropicClient _anthropic = new();

            public async Task<string> RunAsync(string topic)
            {
                ChatCompletion completion = await _chat.CompleteChatAsync(new UserChatMessage(topic));
                var message = await _anthropic.Messages.Create(new MessageCreateParams { Model = "claude-sonnet-4-5", MaxTokens = 64, Messages = [new UserMessageParam(topic)] });
                System.Func<Task<ChatCompletion>> later = async () => await _chat.CompleteChatAsync(new UserChatMessage("again"));
                return completion.Content[0].Text + message.Content.Count + (await later()).Content.Count;
            }
        }
        """);

    [Fact]
    public Task A_result_recorded_on_the_session_is_not_reported() => Verify.AnalyzerAsync<LlmCallTrackingAnalyzer>("""
        using System.Threading.Tasks;
        using AgentBudget;
        using AgentBudget.Pricing;
        using OpenAI.Chat;

        public class ManualAgent
        {
            private readonly ChatClient _chat = new("gpt-4o", "key");

            public async Task<string> RunAsync(BudgetSession session, string topic)
            {
                var result = await _chat.CompleteChatAsync(new UserChatMessage(topic));
                var completion = result.Value;
                session.RecordUsage(completion.Model, TokenUsage.FromOpenAI(completion.Usage.InputTokenCount, completion.Usage.OutputTokenCount));
                return completion.Content[0].Text;
            }
        }
        """);

    [Fact]
    public Task An_injected_chat_client_is_assumed_to_be_configured_by_the_host() => Verify.AnalyzerAsync<LlmCallTrackingAnalyzer>("""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public class Summarizer(IChatClient chat)
        {
            private readonly IChatClient _chat = chat;

            public async Task<string> SummarizeAsync(string text) => (await _chat.GetResponseAsync("Summarize: " + text)).Text;

            public async Task<string> AgainAsync(IChatClient other, string text) => (await other.GetResponseAsync(text)).Text;
        }
        """);

    [Fact]
    public Task An_injected_OpenAI_client_gets_no_such_pass() => Verify.AnalyzerAsync<LlmCallTrackingAnalyzer>("""
        using System.Threading.Tasks;
        using OpenAI.Chat;

        public class Summarizer(ChatClient chat)
        {
            public async Task<string> SummarizeAsync(string text)
            {
                ChatCompletion completion = await chat.{|AB0001:CompleteChatAsync(new UserChatMessage(text))|};
                return completion.Content[0].Text;
            }
        }
        """);

    [Fact]
    public Task A_result_that_leaves_the_method_whole_may_be_recorded_by_the_caller() => Verify.AnalyzerAsync<LlmCallTrackingAnalyzer>("""
        using System.ClientModel;
        using System.Threading.Tasks;
        using OpenAI.Chat;

        public class Gateway
        {
            private readonly ChatClient _chat = new("gpt-4o", "key");
            private ChatCompletion? _last;

            public Task<ClientResult<ChatCompletion>> AskAsync(string text) => _chat.CompleteChatAsync(new UserChatMessage(text));

            public async Task KeepAsync(string text) => _last = await _chat.CompleteChatAsync(new UserChatMessage(text));

            public async Task<string> AskTextAsync(string text) => (await _chat.{|AB0001:CompleteChatAsync(new UserChatMessage(text))|}).Value.Content[0].Text;
        }
        """);

    [Fact]
    public Task Chat_client_implementations_forward_calls_and_are_not_reported() => Verify.AnalyzerAsync<LlmCallTrackingAnalyzer>("""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public sealed class LoggingChatClient(IChatClient inner) : DelegatingChatClient(inner)
        {
            public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            {
                var response = await base.GetResponseAsync(messages, options, cancellationToken);
                System.Console.WriteLine(response.Text);
                return response;
            }
        }
        """);

    [Fact]
    public Task A_locally_built_pipeline_without_the_budget_is_reported() => Verify.AnalyzerAsync<LlmCallTrackingAnalyzer>("""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using OpenAI.Chat;

        public class Pipelines
        {
            public async Task<string> RunAsync()
            {
                IChatClient client = new ChatClientBuilder(new ChatClient("gpt-4o", "key").AsIChatClient())
                    .UseFunctionInvocation()
                    .Build();
                var response = await client.{|AB0001:GetResponseAsync("hello")|};
                return response.Text;
            }
        }
        """);

    [Fact]
    public Task No_SDK_referenced_means_no_analysis() => new RuleTest<LlmCallTrackingAnalyzer>(withSdks: false)
    {
        TestCode = """
            public class Plain
            {
                public int CompleteChat(string s) => s.Length;
                public int Use() => CompleteChat("x");
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Calls_the_generator_does_not_intercept_are_reported_even_in_a_budgeted_type() => Verify.AnalyzerAsync<LlmCallTrackingAnalyzer>("""
        using System;
        using System.ClientModel;
        using System.Threading.Tasks;
        using AgentBudget;
        using Microsoft.Extensions.AI;
        using OpenAI.Chat;

        [Budgeted("$5.00")]
        public partial class Agent
        {
            private readonly ChatClient _chat = new("gpt-4o", "key");
            private readonly IChatClient _meai = new ChatClient("gpt-4o", "key").AsIChatClient();
            private readonly IEmbeddingGenerator<string, Embedding<float>> _embeddings =
                new OpenAI.Embeddings.EmbeddingClient("text-embedding-3-small", "key").AsIEmbeddingGenerator();

            public async Task<string> RunAsync()
            {
                var raw = await _chat.{|#0:CompleteChatAsync(BinaryContent.Create(BinaryData.FromString("{}")))|};
                var typed = await _meai.{|#1:GetResponseAsync<int>("How many?")|};
                var vector = await _embeddings.{|#2:GenerateAsync(new[] { "a" })|};
                var intercepted = await _meai.GetResponseAsync("hello");
                return raw.GetRawResponse().Content.ToString() + typed.Result + vector.Count + intercepted.Text;
            }

            public sealed class Helper
            {
                // Nested in the budgeted type: intercepted too.
                public async Task<string> AskAsync(ChatClient chat) => (await chat.CompleteChatAsync(new UserChatMessage("q"))).Value.Content[0].Text;
            }
        }
        """,
        Untracked(0, "CompleteChatAsync", Generators.Diagnostics.DiagnosticDescriptors.UntrackedNotIntercepted),
        Untracked(1, "GetResponseAsync", Generators.Diagnostics.DiagnosticDescriptors.UntrackedNotIntercepted),
        Untracked(2, "GenerateAsync", Generators.Diagnostics.DiagnosticDescriptors.UntrackedNotIntercepted));

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Untracked(int markup, string method, string reason) =>
        new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Generators.Diagnostics.DiagnosticDescriptors.UntrackedLlmCall)
            .WithLocation(markup).WithArguments(method, reason);
}
