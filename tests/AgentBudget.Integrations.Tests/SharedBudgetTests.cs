using AgentBudget.Distributed;
using AgentBudget.Integrations.Tests.Support;
using Microsoft.Extensions.AI;

namespace AgentBudget.Integrations.Tests;

/// <summary>The middleware on sessions layered inside shared budgets (an <see cref="InMemoryBudgetStore"/>).</summary>
public sealed class SharedBudgetTests
{
    [Fact]
    public async Task Chat_calls_are_held_and_settled_in_the_shared_scope_and_refused_by_it_before_the_request()
    {
        var store = new InMemoryBudgetStore();
        var tenant = new BudgetScope(BudgetScopeKey.Tenant("acme"), TestPrices.Usd("0.03"), BudgetPeriod.Monthly);
        var handler = new FakeHandler().Json(Canned.AnthropicMessage).Json(Canned.AnthropicMessage);
        await using var session = new Budget(TestPrices.Options("$1.00")).StartSession(new SharedBudgetGate(store, [tenant]));
        var client = Sdk.AnthropicChat(handler).AsBuilder().UseBudget(session).Build();
        var options = new ChatOptions { ModelId = "claude-sonnet-4-5", MaxOutputTokens = 1024 };

        await client.GetResponseAsync("First question", options);
        var afterFirst = await store.GetUsageAsync(tenant);
        // The next reservation holds at least 1,024 output tokens × $15/M = $0.01536, more than the $0.00793875 left.
        var refusal = await Assert.ThrowsAsync<BudgetExhaustedException>(() => client.GetResponseAsync("Second question", options));
        var afterRefusal = await store.GetUsageAsync(tenant);

        // The session's charge and the shared settle are the provider's usage, to the picodollar (see TelemetryTests).
        Assert.Equal(TestPrices.Usd("0.02206125"), session.Spent);
        Assert.Equal((TestPrices.Usd("0.02206125"), Money.Zero), (afterFirst.Settled, afterFirst.Reserved));
        Assert.Equal(tenant, refusal.SharedScope);
        Assert.Equal(TestPrices.Usd("0.00793875"), refusal.RefusedBy!.Remaining);
        Assert.Single(handler.Requests);   // the refused call never reached the provider
        Assert.Equal((TestPrices.Usd("0.02206125"), Money.Zero), (afterRefusal.Settled, afterRefusal.Reserved));
        Assert.Equal((TestPrices.Usd("0.02206125"), Money.Zero), (session.Spent, session.Reserved));
        Assert.Equal("tenant:acme monthly $0.030000", Assert.Single(session.Report().Events, e => e.Kind == "shared_budget_refused").Name);
    }

    [Fact]
    public async Task Embedding_calls_are_settled_in_the_shared_scope()
    {
        var store = new InMemoryBudgetStore();
        var tenant = new BudgetScope(BudgetScopeKey.Tenant("acme"), TestPrices.Usd("1"), BudgetPeriod.Monthly);
        await using var session = new Budget(TestPrices.Options("$1.00")).StartSession(new SharedBudgetGate(store, [tenant]));
        var generator = Sdk.OpenAIEmbeddings(new FakeHandler().Json(Canned.OpenAIEmbeddings)).AsBuilder().UseBudget(session).Build();

        await generator.GenerateAsync(["a", "b"]);
        var usage = await store.GetUsageAsync(tenant);

        // 8 input tokens × $0.02/M = 0.16 µ$.
        Assert.Equal((TestPrices.Usd("0.00000016"), Money.Zero), (usage.Settled, usage.Reserved));
        Assert.Equal(TestPrices.Usd("0.00000016"), session.Spent);
    }
}
