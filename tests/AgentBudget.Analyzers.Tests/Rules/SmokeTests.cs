using AgentBudget.Analyzers.Tests.Infrastructure;
using AgentBudget.Generators.Analyzers.Tracking;
using Microsoft.CodeAnalysis.Testing;

namespace AgentBudget.Analyzers.Tests.Rules;

public class SmokeTests
{
    [Fact]
    public async Task Untracked_openai_call_is_reported()
    {
        var test = new RuleTest<LlmCallTrackingAnalyzer>
        {
            TestCode = """
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
                """,
        };
        await test.RunAsync();
    }
}
