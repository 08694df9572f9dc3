using AgentBudget.Integrations.Tests.Support;
using AgentBudget.Extensions.AI;
using Microsoft.Extensions.AI;

namespace AgentBudget.Integrations.Tests;

public sealed class PricedToolTests
{
    [TrackTool(0.01, Name = "web_search")]
    private static string WebSearch(string query) => "results for " + query;

    [TrackTool("$0.25", OnFailure = ToolFailureCharge.Release)]
    private static string Scrape(string url) => throw new InvalidOperationException("unreachable " + url);

    [Fact]
    public async Task TrackTool_methods_become_priced_functions_without_a_hand_written_wrapper()
    {
        var session = TestPrices.Session("$1.00");
        var function = BudgetedAIFunctionFactory.Create(WebSearch, session);

        var result = await function.InvokeAsync(new AIFunctionArguments { ["query"] = "agents" });

        Assert.Equal("web_search", function.Name);
        Assert.Equal(TestPrices.Usd("0.01"), function.CostPerCall);
        Assert.Equal("results for agents", result?.ToString());
        Assert.Equal(TestPrices.Usd("0.01"), session.Spent);
        Assert.Equal(0.01m, session.Report().Breakdown.Tools.ByTool["web_search"]);
    }

    [Fact]
    public async Task A_failing_tool_is_charged_or_released_as_its_attribute_says()
    {
        var session = TestPrices.Session("$1.00");
        var scrape = BudgetedAIFunctionFactory.Create(Scrape, session);
        var charged = AIFunctionFactory.Create((string url) => ThrowFor(url), "fetch").WithCost(0.02m, session);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await scrape.InvokeAsync(new AIFunctionArguments { ["url"] = "a" }));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await charged.InvokeAsync(new AIFunctionArguments { ["url"] = "b" }));

        Assert.Equal(TestPrices.Usd("0.25"), scrape.CostPerCall);
        Assert.Equal(TestPrices.Usd("0.02"), session.Spent);
        Assert.Equal(Money.Zero, session.Reserved);
    }

    [Fact]
    public async Task A_tool_that_does_not_fit_is_refused_before_it_runs()
    {
        var session = TestPrices.Session("$0.05");
        var runs = 0;
        var tool = AIFunctionFactory.Create(() => ++runs, "expensive").WithCost(0.03m, session);

        await tool.InvokeAsync();
        await Assert.ThrowsAsync<BudgetExhaustedException>(async () => await tool.InvokeAsync());

        Assert.Equal(1, runs);
        Assert.Equal(TestPrices.Usd("0.03"), session.Spent);
    }

    [Fact]
    public async Task A_tool_with_no_session_anywhere_refuses_to_run_untracked()
    {
        var tool = AIFunctionFactory.Create(() => 1, "orphan").WithCost(0.01m);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await tool.InvokeAsync());

        Assert.Contains("orphan", error.Message);
    }

    [Fact]
    public async Task A_tool_uses_the_ambient_session()
    {
        var session = TestPrices.Session("$1.00");
        var tool = AIFunctionFactory.Create(() => 1, "ambient_tool").WithCost(0.04m);

        using (AmbientBudget.BeginScope(session))
        {
            await tool.InvokeAsync();
        }

        Assert.Equal(TestPrices.Usd("0.04"), session.Spent);
    }

    private static string ThrowFor(string url) => throw new InvalidOperationException("failed " + url);
}
