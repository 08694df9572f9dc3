using AgentBudget.Extensions.AI;
using AgentBudget.Integrations.Tests.Support;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace AgentBudget.Integrations.Tests;

/// <summary>
/// A budget applied to a Microsoft Agent Framework agent and to a Semantic Kernel kernel, tool calls included, over
/// the real OpenAI client. Same conversation as the tool-loop tests: $0.03 stops the agent before its third round.
/// </summary>
public sealed class AgentFrameworkTests
{
    // Semantic Kernel advertises plugin functions by their qualified name, plugin_function.
    private static FakeHandler ThreeSearchesThenAnswer(string toolName = "search") => new FakeHandler()
        .Json(Canned.OpenAIToolCall("call_1", toolName, """{"query":"alpha"}""", 400, 20, "gpt-4o-2024-08-06"))
        .Json(Canned.OpenAIToolCall("call_2", toolName, """{"query":"beta"}""", 600, 20, "gpt-4o-2024-08-06"))
        .Json(Canned.OpenAIToolCall("call_3", toolName, """{"query":"gamma"}""", 800, 20, "gpt-4o-2024-08-06"))
        .Json(Canned.OpenAIText("Done.", 1000, 50, "gpt-4o-2024-08-06"));

    private static AIFunction Search(List<string> log) => AIFunctionFactory.Create((string query) =>
    {
        log.Add(query);
        return "results for " + query;
    }, "search", "Searches the web");

    [Fact]
    public async Task Agent_Framework_ChatClientAgent_is_stopped_between_tool_rounds()
    {
        var handler = ThreeSearchesThenAnswer();
        var searches = new List<string>();
        var session = TestPrices.Session("$0.03");
        // The agent adds its own FunctionInvokingChatClient around this pipeline, so the budget sits inside it.
        var chatClient = Sdk.OpenAIChat(handler, "gpt-4o").AsBuilder().UseBudget(session).Build();
        var agent = new ChatClientAgent(chatClient, new ChatClientAgentOptions
        {
            Name = "researcher",
            ChatOptions = new ChatOptions
            {
                Instructions = "Research every topic.",
                MaxOutputTokens = 1000,
                Tools = [Search(searches).WithCost(0.01m, session)],
            },
        });

        await Assert.ThrowsAsync<BudgetExhaustedException>(() => agent.RunAsync("Research alpha, beta, gamma"));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(["alpha", "beta"], searches);
        // 1200 + 1700 µ$ of gpt-4o, 2 searches × $0.01.
        Assert.Equal(TestPrices.Usd("0.0229"), session.Spent);
        Assert.Equal(Money.Zero, session.Reserved);
    }

    [Fact]
    public async Task Agent_Framework_agent_over_UseBudgetedFunctionInvocation_finishes_within_budget_and_charges_tools()
    {
        var handler = ThreeSearchesThenAnswer();
        var session = TestPrices.Session("$1.00");
        var chatClient = Sdk.OpenAIChat(handler, "gpt-4o").AsBuilder().UseBudgetedFunctionInvocation(session).Build();
        var agent = new ChatClientAgent(chatClient, new ChatClientAgentOptions
        {
            ChatOptions = new ChatOptions { MaxOutputTokens = 1000, Tools = [Search([]).WithCost(0.01m)] },
        });

        var response = await agent.RunAsync("Research alpha, beta, gamma");

        Assert.Equal("Done.", response.Text);
        Assert.Equal(4, handler.Requests.Count);
        // (400+600+800+1000)×2.50 + (20+20+20+50)×10 = 8100 µ$ + 3 searches.
        Assert.Equal(TestPrices.Usd("0.0381"), session.Spent);
        Assert.Equal(3, session.Report().Breakdown.Tools.Calls);
    }

    [Fact]
    public async Task Semantic_Kernel_prompt_with_auto_function_calling_is_stopped_between_tool_rounds()
    {
        var handler = ThreeSearchesThenAnswer("research_search");
        var searches = new List<string>();
        var session = TestPrices.Session("$0.03");
        var builder = Kernel.CreateBuilder();
        // Kernel function invocation first, the budget inside it: the budget sees every round trip.
        builder.Services.AddSingleton<IChatClient>(Sdk.OpenAIChat(handler, "gpt-4o").AsBuilder()
            .UseKernelFunctionInvocation()
            .UseBudget(session)
            .Build());
        var kernel = builder.Build();
        kernel.Plugins.AddFromFunctions("research", [Search(searches).WithCost(0.01m, session).AsKernelFunction()]);
        var settings = new PromptExecutionSettings
        {
            FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(),
            ExtensionData = new Dictionary<string, object> { ["max_tokens"] = 1000 },
        };

        await Assert.ThrowsAsync<BudgetExhaustedException>(() => kernel.InvokePromptAsync("Research alpha, beta, gamma", new KernelArguments(settings)));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(["alpha", "beta"], searches);
        Assert.Equal(TestPrices.Usd("0.0229"), session.Spent);
        Assert.Equal(0.02m, session.Report().Breakdown.Tools.ByTool["search"]);
    }

    [Fact]
    public async Task Semantic_Kernel_prompt_within_budget_is_charged_every_round_trip_and_tool_call()
    {
        var handler = ThreeSearchesThenAnswer("research_search");
        var session = TestPrices.Session("$1.00");
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton<IChatClient>(Sdk.OpenAIChat(handler, "gpt-4o").AsBuilder()
            .UseKernelFunctionInvocation()
            .UseBudget(session)
            .Build());
        var kernel = builder.Build();
        kernel.Plugins.AddFromFunctions("research", [Search([]).WithCost(0.01m, session).AsKernelFunction()]);
        var settings = new PromptExecutionSettings
        {
            FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(),
            ExtensionData = new Dictionary<string, object> { ["max_tokens"] = 1000 },
        };

        var result = await kernel.InvokePromptAsync("Research alpha, beta, gamma", new KernelArguments(settings));

        Assert.Equal("Done.", result.ToString());
        Assert.Equal(4, session.Report().Breakdown.Llm.Calls);
        Assert.Equal(TestPrices.Usd("0.0381"), session.Spent);
    }
}
