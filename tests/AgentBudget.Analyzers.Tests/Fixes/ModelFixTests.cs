using AgentBudget.Analyzers.Tests.Infrastructure;
using AgentBudget.CodeFixes.Models;
using AgentBudget.Generators.Analyzers.Models;
using AgentBudget.Generators.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace AgentBudget.Analyzers.Tests.Fixes;

/// <summary>AB0004 fix: replace the unknown id with a suggested one.</summary>
public class ModelFixTests
{
    [Fact]
    public Task Replaces_with_the_nearest_name() => Verify.CodeFixAsync<UnknownModelAnalyzer, ReplaceModelCodeFix>("""
        using OpenAI;

        public class Models
        {
            public void Configure(OpenAIClient openAi) => openAi.GetChatClient({|AB0004:"gpt-4o-mni"|});
        }
        """, """
        using OpenAI;

        public class Models
        {
            public void Configure(OpenAIClient openAi) => openAi.GetChatClient("gpt-4o-mini");
        }
        """);

    [Fact]
    public Task Offers_every_suggestion() => Verify.CodeFixAsync<UnknownModelAnalyzer, ReplaceModelCodeFix>("""
        using OpenAI.Chat;

        public class Models
        {
            public ChatClient Create() => new({|AB0004:"o3-minii"|}, "key");
        }
        """, """
        using OpenAI.Chat;

        public class Models
        {
            public ChatClient Create() => new("o4-mini", "key");
        }
        """, codeActionIndex: 2);

    [Fact]
    public Task A_named_constant_is_not_rewritten_at_the_call() => new FixTest<UnknownModelAnalyzer, ReplaceModelCodeFix>
    {
        TestCode = """
            using OpenAI;

            public class Models
            {
                private const string Model = "gpt-4o-mni";

                public void Configure(OpenAIClient openAi) => openAi.GetChatClient({|#0:Model|});
            }
            """,
        FixedCode = """
            using OpenAI;

            public class Models
            {
                private const string Model = "gpt-4o-mni";

                public void Configure(OpenAIClient openAi) => openAi.GetChatClient({|#0:Model|});
            }
            """,
        ExpectedDiagnostics =
        {
            new DiagnosticResult(DiagnosticDescriptors.UnknownModel).WithLocation(0).WithArguments("gpt-4o-mni", " (did you mean 'gpt-4o-mini'?)"),
        },
    }.RunAsync();
}
