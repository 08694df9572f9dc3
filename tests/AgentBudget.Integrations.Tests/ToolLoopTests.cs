using AgentBudget.Integrations.Tests.Support;
using AgentBudget.Extensions.AI;
using Microsoft.Extensions.AI;

namespace AgentBudget.Integrations.Tests;

/// <summary>
/// Multi-round tool loops through FunctionInvokingChatClient over the real OpenAI client. Prices: gpt-4o $2.50 input,
/// $10 output per M; the search tool costs $0.01 a call.
/// </summary>
public sealed class ToolLoopTests
{
    private static readonly ChatOptions Options = new() { MaxOutputTokens = 1000 };

    private static FakeHandler ThreeSearchesThenAnswer() => new FakeHandler()
        .Json(Canned.OpenAIToolCall("call_1", "search", """{"query":"alpha"}""", 400, 20, "gpt-4o-2024-08-06"))
        .Json(Canned.OpenAIToolCall("call_2", "search", """{"query":"beta"}""", 600, 20, "gpt-4o-2024-08-06"))
        .Json(Canned.OpenAIToolCall("call_3", "search", """{"query":"gamma"}""", 800, 20, "gpt-4o-2024-08-06"))
        .Json(Canned.OpenAIText("Done.", 1000, 50, "gpt-4o-2024-08-06"));

    private static AIFunction Search(List<string> log) => AIFunctionFactory.Create((string query) =>
    {
        log.Add(query);
        return "results for " + query;
    }, "search", "Searches the web");

    [Fact]
    public async Task Budget_inside_function_invocation_stops_the_agent_between_rounds()
    {
        var handler = ThreeSearchesThenAnswer();
        var searches = new List<string>();
        var session = TestPrices.Session("$0.03");
        var client = Sdk.OpenAIChat(handler, "gpt-4o").AsBuilder()
            .UseFunctionInvocation()
            .UseBudget(session)
            .Build();
        var options = Options.Clone();
        options.Tools = [Search(searches).WithCost(0.01m, session)];

        var refused = await Assert.ThrowsAsync<BudgetExhaustedException>(() => client.GetResponseAsync("Research alpha, beta, gamma", options));

        // Round 1: 400×2.50 + 20×10 = 1200 µ$; search $0.01; round 2: 600×2.50 + 20×10 = 1700 µ$; search $0.01.
        // Round 3 needs a ~$0.01 reservation (1000 output tokens × $10/M) but only $0.0071 is left: refused unsent.
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(["alpha", "beta"], searches);
        Assert.Equal(TestPrices.Usd("0.0229"), session.Spent);
        Assert.Equal(TestPrices.Usd("0.0071"), session.Limit - session.Spent);
        Assert.Equal(Money.Zero, session.Reserved);
        Assert.Equal(TerminationReason.BudgetExhausted, refused.Reason);
        Assert.True(refused.Requested > TestPrices.Usd("0.0071"));
        var report = session.Report();
        Assert.Equal(2, report.Breakdown.Llm.Calls);
        Assert.Equal(0.0029m, report.Breakdown.Llm.ByModel["gpt-4o-2024-08-06"]);
        Assert.Equal(0.02m, report.Breakdown.Tools.ByTool["search"]);
        Assert.Equal(2, report.Breakdown.Tools.Calls);
    }

    [Fact]
    public async Task UseBudgetedFunctionInvocation_places_the_budget_right_and_prices_plain_tools_by_name()
    {
        var handler = ThreeSearchesThenAnswer();
        var searches = new List<string>();
        var session = TestPrices.Session("$0.03");
        var client = Sdk.OpenAIChat(handler, "gpt-4o").AsBuilder()
            .UseBudgetedFunctionInvocation(session, budget => budget.ToolCosts["search"] = TestPrices.Usd("0.01"))
            .Build();
        var options = Options.Clone();
        options.Tools = [Search(searches)];

        await Assert.ThrowsAsync<BudgetExhaustedException>(() => client.GetResponseAsync("Research alpha, beta, gamma", options));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(TestPrices.Usd("0.0229"), session.Spent);
        Assert.Equal(0.02m, session.Report().Breakdown.Tools.ByTool["search"]);
        Assert.NotNull(client.GetService<FunctionInvokingChatClient>());
        Assert.False(client.GetService<BudgetChatClient>()!.IsOutsideFunctionInvocation);
    }

    [Fact]
    public async Task A_tool_without_a_session_of_its_own_charges_the_session_of_the_invoking_pipeline()
    {
        var handler = ThreeSearchesThenAnswer();
        var session = TestPrices.Session("$1.00");
        var client = Sdk.OpenAIChat(handler, "gpt-4o").AsBuilder().UseBudgetedFunctionInvocation(session).Build();
        var options = Options.Clone();
        options.Tools = [Search([]).WithCost(0.01m)];

        var response = await client.GetResponseAsync("Research alpha, beta, gamma", options);

        Assert.Equal("Done.", response.Text);
        Assert.Equal(4, handler.Requests.Count);
        // LLM: (400+600+800+1000)×2.50 + (20+20+20+50)×10 = 7000 + 1100 µ$; tools 3 × $0.01.
        Assert.Equal(TestPrices.Usd("0.0381"), session.Spent);
        Assert.Equal(4, session.Report().Breakdown.Llm.Calls);
    }

    [Fact]
    public async Task Budget_outside_function_invocation_sees_one_aggregated_call_and_cannot_stop_the_loop()
    {
        var handler = ThreeSearchesThenAnswer();
        var session = TestPrices.Session("$1.00");
        var client = Sdk.OpenAIChat(handler, "gpt-4o").AsBuilder()
            .UseBudget(session)
            .UseFunctionInvocation()
            .Build();
        var options = Options.Clone();
        options.Tools = [Search([])];

        await client.GetResponseAsync("Research alpha, beta, gamma", options);

        // Four model round trips, but one admission and one charge of the summed usage: the reason to install inside.
        Assert.True(client.GetService<BudgetChatClient>()!.IsOutsideFunctionInvocation);
        Assert.Equal(4, handler.Requests.Count);
        Assert.Single(session.GetEvents(), e => e.Kind == BudgetEventKind.ReservationAdmitted);
        Assert.Single(session.GetEvents(), e => e.Kind == BudgetEventKind.LlmCharged);
        Assert.Equal(TestPrices.Usd("0.0081"), session.Spent);
    }

    [Fact]
    public async Task A_tool_repeated_with_the_same_arguments_trips_loop_detection_and_ends_the_agent()
    {
        var handler = new FakeHandler()
            .Json(Canned.OpenAIToolCall("call_1", "search", """{"query":"alpha"}""", 400, 20, "gpt-4o-2024-08-06"))
            .Json(Canned.OpenAIToolCall("call_2", "search", """{"query":"alpha"}""", 500, 20, "gpt-4o-2024-08-06"))
            .Json(Canned.OpenAIToolCall("call_3", "search", """{"query":"alpha"}""", 600, 20, "gpt-4o-2024-08-06"))
            .Json(Canned.OpenAIText("Done.", 700, 50, "gpt-4o-2024-08-06"));
        var searches = new List<string>();
        var session = TestPrices.Session("$1.00", o => o.LoopDetection.MaxRepeatedCalls = 2);
        var client = Sdk.OpenAIChat(handler, "gpt-4o").AsBuilder().UseBudgetedFunctionInvocation(session).Build();
        var options = Options.Clone();
        options.Tools = [Search(searches).WithCost(0.01m)];

        var loop = await Assert.ThrowsAsync<LoopDetectedException>(() => client.GetResponseAsync("Research alpha", options));

        // The third identical search is refused before it runs; the agent stops before a fourth model call.
        Assert.Equal("search", loop.CallName);
        Assert.Equal(["alpha", "alpha"], searches);
        Assert.Equal(3, handler.Requests.Count);
        // LLM (400+500+600)×2.50 + 60×10 = 3750 + 600 µ$; tools 2 × $0.01.
        Assert.Equal(TestPrices.Usd("0.02435"), session.Spent);
        Assert.Equal(TerminationReason.LoopDetected, session.TerminatedBy);
    }

    [Fact]
    public async Task A_tool_refused_for_money_ends_the_agent_without_another_model_call()
    {
        var handler = ThreeSearchesThenAnswer();
        var searches = new List<string>();
        var session = TestPrices.Session("$0.015");
        var client = Sdk.OpenAIChat(handler, "gpt-4o").AsBuilder().UseBudgetedFunctionInvocation(session).Build();
        var options = Options.Clone();
        options.Tools = [Search(searches).WithCost(0.02m)];

        // FunctionInvokingChatClient turns the tool's refusal into an error result; the budget client rethrows it.
        var refused = await Assert.ThrowsAsync<BudgetExhaustedException>(() => client.GetResponseAsync("Research alpha", options));

        Assert.Equal("search", refused.CallName);
        Assert.Equal(TestPrices.Usd("0.02"), refused.Requested);
        Assert.Empty(searches);
        Assert.Single(handler.Requests);
        Assert.Equal(TestPrices.Usd("0.0012"), session.Spent);
    }

    [Fact]
    public async Task Streaming_tool_loop_is_admitted_per_round_trip()
    {
        var handler = new FakeHandler()
            .Sse("""
            data: {"id":"c1","object":"chat.completion.chunk","created":1735689600,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"search","arguments":"{\"query\":\"alpha\"}"}}]},"finish_reason":null}],"usage":null}

            data: {"id":"c1","object":"chat.completion.chunk","created":1735689600,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}],"usage":null}

            data: {"id":"c1","object":"chat.completion.chunk","created":1735689600,"model":"gpt-4o-2024-08-06","choices":[],"usage":{"prompt_tokens":400,"completion_tokens":20,"total_tokens":420}}

            data: [DONE]


            """)
            .Sse("""
            data: {"id":"c2","object":"chat.completion.chunk","created":1735689600,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"role":"assistant","content":"Done."},"finish_reason":"stop"}],"usage":null}

            data: {"id":"c2","object":"chat.completion.chunk","created":1735689600,"model":"gpt-4o-2024-08-06","choices":[],"usage":{"prompt_tokens":600,"completion_tokens":30,"total_tokens":630}}

            data: [DONE]


            """);
        var session = TestPrices.Session("$1.00");
        var client = Sdk.OpenAIChat(handler, "gpt-4o").AsBuilder().UseBudgetedFunctionInvocation(session).Build();
        var options = Options.Clone();
        options.Tools = [Search([]).WithCost(0.01m)];

        var text = "";
        await foreach (var update in client.GetStreamingResponseAsync("Research alpha", options))
        {
            text += update.Text;
        }

        Assert.Equal("Done.", text);
        Assert.Equal(2, session.GetEvents().Count(e => e.Kind == BudgetEventKind.ReservationAdmitted && e.Name == "gpt-4o"));
        // (400+600)×2.50 + (20+30)×10 = 2500 + 500 µ$; one search $0.01.
        Assert.Equal(TestPrices.Usd("0.013"), session.Spent);
    }
}
