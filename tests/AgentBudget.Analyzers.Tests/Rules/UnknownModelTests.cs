using AgentBudget.Analyzers.Tests.Infrastructure;
using AgentBudget.Generators.Analyzers.Models;
using Microsoft.CodeAnalysis.Testing;

namespace AgentBudget.Analyzers.Tests.Rules;

/// <summary>AB0004: a constant model id the compiled price table does not resolve.</summary>
public class UnknownModelTests
{
    private static DiagnosticResult Unknown(int markup, string model, string didYouMean) =>
        new DiagnosticResult(Generators.Diagnostics.DiagnosticDescriptors.UnknownModel).WithLocation(markup).WithArguments(model, didYouMean);

    [Fact]
    public Task Unknown_ids_at_every_known_position_are_reported_with_suggestions() => Verify.AnalyzerAsync<UnknownModelAnalyzer>("""
        using Anthropic;
        using Anthropic.Models.Messages;
        using Microsoft.Extensions.AI;
        using OpenAI;
        using OpenAI.Chat;
        using OpenAI.Embeddings;
        using OpenAI.Responses;

        public class Models
        {
            public void Configure(OpenAIClient openAi, ResponsesClient responses, AnthropicClient anthropic)
            {
                openAi.GetChatClient({|#0:"gpt-4o-mni"|});
                _ = new ChatClient({|#1:"claude-sonet-4-5"|}, "key");
                openAi.GetEmbeddingClient({|#2:"text-embedding-3-smal"|});
                _ = new EmbeddingClient({|#3:"text-embeding-ada-002"|}, "key");
                responses.CreateResponse({|#4:"gpt-41-mini"|}, "Hi");
                _ = new CreateResponseOptions { Model = {|#5:"o3-minii"|} };
                _ = new ChatOptions { ModelId = {|#6:"gpt-5-mimi"|} };
                _ = new Microsoft.Extensions.AI.EmbeddingGenerationOptions { ModelId = {|#7:"no-such-model-at-all"|} };
                _ = anthropic.AsIChatClient({|#8:"claude-haiku-4.5"|});
                _ = new MessageCreateParams { Model = {|#9:"claude-opus-4-7"|}, MaxTokens = 10, Messages = [] };
            }
        }
        """,
        Unknown(0, "gpt-4o-mni", " (did you mean 'gpt-4o-mini'?)"),
        Unknown(1, "claude-sonet-4-5", " (did you mean 'claude-sonnet-4-5', 'claude-sonnet-4-6' or 'claude-sonnet-4-0'?)"),
        Unknown(2, "text-embedding-3-smal", " (did you mean 'text-embedding-3-small'?)"),
        Unknown(3, "text-embeding-ada-002", " (did you mean 'text-embedding-ada-002'?)"),
        Unknown(4, "gpt-41-mini", " (did you mean 'gpt-4.1-mini', 'gpt-4o-mini' or 'gpt-5-mini'?)"),
        Unknown(5, "o3-minii", " (did you mean 'o3-mini', 'o1-mini' or 'o4-mini'?)"),
        Unknown(6, "gpt-5-mimi", " (did you mean 'gpt-5-mini'?)"),
        Unknown(7, "no-such-model-at-all", ""),
        Unknown(8, "claude-haiku-4.5", " (did you mean 'claude-haiku-4-5'?)"),
        Unknown(9, "claude-opus-4-7", " (did you mean 'claude-opus-4-1', 'claude-opus-4-5' or 'claude-opus-4-6'?)"));

    [Fact]
    public Task Names_the_runtime_resolves_are_not_reported() => Verify.AnalyzerAsync<UnknownModelAnalyzer>("""
        using Microsoft.Extensions.AI;
        using OpenAI;

        public class Models
        {
            private const string Configured = "gpt-4o";

            public void Configure(OpenAIClient openAi, string fromConfiguration)
            {
                openAi.GetChatClient("gpt-4o");                    // exact
                openAi.GetChatClient("GPT-4o-Mini");               // case-insensitive
                openAi.GetChatClient("openrouter/openai/gpt-4o");  // provider prefix
                openAi.GetChatClient("gpt-4o-2024-08-06");         // alias
                openAi.GetChatClient("gpt-4o-2025-01-15");         // dated suffix of a model that declares them
                openAi.GetChatClient("meta-llama/Llama-3.3-70B-Instruct-Turbo");
                openAi.GetChatClient(Configured);
                openAi.GetChatClient(fromConfiguration);           // not a constant
                _ = new ChatOptions { ModelId = null };
            }
        }
        """);

    [Fact]
    public Task Families_are_never_guessed_only_suggested() => Verify.AnalyzerAsync<UnknownModelAnalyzer>("""
        using OpenAI;

        public class Models
        {
            public void Configure(OpenAIClient openAi)
            {
                openAi.GetChatClient({|#0:"gpt-4-2024-01-01"|}); // gpt-4 does not declare dated suffixes
            }
        }
        """,
        Unknown(0, "gpt-4-2024-01-01", " (did you mean 'gpt-4o-2024-08-06'?)"));

    [Fact]
    public Task The_projects_own_pricing_files_count() => new RuleTest<UnknownModelAnalyzer>
    {
        TestState =
        {
            Sources =
            {
                """
                using OpenAI;

                public class Models
                {
                    public void Configure(OpenAIClient openAi)
                    {
                        openAi.GetChatClient("acme-local-llm");
                        openAi.GetChatClient("acme-local-llm-20260101");
                        openAi.GetChatClient({|#0:"acme-local-lm"|});
                    }
                }
                """,
            },
            AdditionalFiles =
            {
                ("/project/pricing/acme.json", """
                    {
                      "schemaVersion": 1,
                      "provider": "acme",
                      "source": "internal price list",
                      "checked": "2026-11-01",
                      "models": {
                        "acme-local-llm": { "input": 0.1, "output": 0.2, "datedSuffixes": true }
                      }
                    }
                    """),
                ("/project/notes/other.json", """{ "models": { "acme-other": {} } }"""),
            },
            ExpectedDiagnostics = { Unknown(0, "acme-local-lm", " (did you mean 'acme-local-llm'?)") },
        },
    }.RunAsync();
}
