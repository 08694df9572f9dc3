using AgentBudget.Pricing;
using AgentBudget.Tests.TestSupport;

namespace AgentBudget.Tests.Nesting;

using Money = AgentBudget.Money;

public class ChildSessionTests
{
    private static BudgetSession Parent(decimal limit) => new Budget(new BudgetOptions
    {
        MaxSpend = Usd.Of(limit),
        Prices = TestPrices.Catalog(),
    }).StartSession("parent");

    [Fact]
    public void A_child_escrows_its_cap_and_returns_the_unused_part()
    {
        using var parent = Parent(10m);
        using (var child = parent.CreateChild(Usd.Of(2m), "research"))
        {
            Assert.Equal("parent/research", child.Id);
            Assert.Same(parent, child.Parent);
            Assert.Equal(Usd.Of(2m), child.Limit);
            Assert.Equal(Usd.Of(8m), parent.Remaining);

            child.Track(Usd.Of(1.50m), "sub_task");

            Assert.Equal(Usd.Of(1.50m), child.Spent);
            Assert.Equal(Usd.Of(1.50m), parent.Spent);
            Assert.Equal(Usd.Of(0.50m), parent.Reserved);
            Assert.Equal(Usd.Of(8m), parent.Remaining);
        }

        Assert.Equal(Usd.Of(1.50m), parent.Spent);
        Assert.Equal(Usd.Of(8.50m), parent.Remaining);
        Assert.Equal(Money.Zero, parent.Reserved);
        var report = parent.Report();
        Assert.Equal(1.50m, report.Breakdown.Tools.ByTool["sub_task"]);
        Assert.Equal(1.50m, report.TotalSpent);
        var childReport = Assert.Single(report.Children);
        Assert.Equal("parent/research", childReport.SessionId);
        Assert.Equal("parent", childReport.ParentSessionId);
        Assert.Equal(2m, childReport.Budget);
        Assert.Equal(1.50m, childReport.TotalSpent);
        Assert.NotNull(childReport.EndedAt);
    }

    [Fact]
    public void Siblings_cannot_oversubscribe_the_parent()
    {
        using var parent = Parent(1m);
        var first = parent.CreateChild(Usd.Of(0.60m), "a");

        var exception = Assert.Throws<BudgetExhaustedException>(() => parent.CreateChild(Usd.Of(0.50m), "b"));
        Assert.Equal(Usd.Of(0.50m), exception.Requested);
        Assert.Equal(Usd.Of(0.60m), exception.Reserved);
        Assert.False(parent.IsTerminated);

        first.Track(Usd.Of(0.10m), "t");
        first.Dispose();
        using var second = parent.CreateChild(Usd.Of(0.50m), "b");
        Assert.Equal(Usd.Of(0.40m), parent.Remaining);
    }

    [Fact]
    public async Task Concurrent_siblings_get_exactly_what_fits()
    {
        using var parent = Parent(1m);
        var created = 0;
        var refused = 0;
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 64).Select(_ => Task.Run(() =>
        {
            start.Wait();
            try
            {
                parent.CreateChild(Usd.Of(0.10m));
                Interlocked.Increment(ref created);
            }
            catch (BudgetExhaustedException)
            {
                Interlocked.Increment(ref refused);
            }
        })).ToArray();
        start.Set();
        await Task.WhenAll(tasks);

        Assert.Equal(10, created);
        Assert.Equal(54, refused);
        Assert.Equal(Money.Zero, parent.Remaining);
        Assert.Equal(10, parent.GetChildren().Length);
    }

    [Fact]
    public void A_childs_exception_is_not_masked_by_the_roll_up()
    {
        using var parent = Parent(1m);
        BudgetSession? child = null;
        var exception = Assert.Throws<BudgetExhaustedException>(() =>
        {
            using (child = parent.CreateChild(Usd.Of(0.50m), "worker"))
            {
                child.Track(Usd.Of(0.30m), "t");
                child.Track(Usd.Of(0.30m), "t", 2);
            }
        });

        Assert.Equal("parent/worker", exception.SessionId);
        Assert.Equal(Usd.Of(0.50m), exception.Limit);
        Assert.True(child!.IsDisposed);
        Assert.False(parent.IsTerminated);
        Assert.Equal(Usd.Of(0.30m), parent.Spent);
        Assert.Equal(Usd.Of(0.70m), parent.Remaining);
        parent.Track(Usd.Of(0.70m), "after");
    }

    [Fact]
    public void A_child_that_overspends_its_cap_is_charged_to_the_parent_in_full()
    {
        using var parent = Parent(1m);
        using (var child = parent.CreateChild(Usd.Of(0.50m), "worker"))
        {
            var reservation = child.Reserve(Usd.Of(0.40m), "gpt-4o", CallKind.Llm);
            reservation.Settle(Usd.Of(0.70m));

            Assert.Equal(Usd.Of(0.70m), child.Spent);
            Assert.Equal(TerminationReason.BudgetExhausted, child.TerminatedBy);
            Assert.Equal(Usd.Of(0.70m), parent.Spent);
            Assert.Equal(Usd.Of(0.30m), parent.Remaining);
        }

        Assert.Equal(Usd.Of(0.30m), parent.Remaining);
        Assert.Equal(Usd.Of(0.70m), parent.Spent);
        Assert.Equal(Money.Zero, parent.Reserved);
        Assert.Equal(0.70m, parent.Report().Breakdown.Llm.ByModel["gpt-4o"]);
    }

    [Fact]
    public void Grandchildren_roll_up_with_model_and_tool_attribution()
    {
        using var parent = Parent(1m);
        parent.RecordUsage("gpt-4o", TokenUsage.FromInputOutput(1000, 0));
        var child = parent.CreateChild(Usd.Of(0.50m), "planner");
        var grandchild = child.CreateChild(Usd.Of(0.20m), "searcher");
        grandchild.RecordUsage("gpt-4o-mini", TokenUsage.FromInputOutput(1_000_000, 0));
        grandchild.Track(Usd.Of(0.01m), "serp_api");
        child.RecordUsage("gpt-4o", TokenUsage.FromInputOutput(2000, 0));

        Assert.Equal(Usd.Of(0.0025m + 0.15m + 0.01m + 0.005m), parent.Spent);

        child.Dispose();

        Assert.True(grandchild.IsDisposed);
        var report = parent.Report();
        Assert.Equal(0.0075m, report.Breakdown.Llm.ByModel["gpt-4o"]);
        Assert.Equal(0.15m, report.Breakdown.Llm.ByModel["gpt-4o-mini"]);
        Assert.Equal(0.01m, report.Breakdown.Tools.ByTool["serp_api"]);
        Assert.Equal(3, report.Breakdown.Llm.Calls);
        Assert.Equal(1_003_000, report.Tokens.InputTokens);
        Assert.Equal(0.1675m, report.TotalSpent);
        Assert.Equal(0.8325m, report.Remaining);
        Assert.Equal("parent/planner/searcher", report.Children[0].Children[0].SessionId);
    }

    [Fact]
    public void A_late_settle_on_an_ended_child_still_reaches_the_parent()
    {
        using var parent = Parent(1m);
        var child = parent.CreateChild(Usd.Of(0.50m), "worker");
        var inFlight = child.Reserve(Usd.Of(0.20m), "gpt-4o", CallKind.Llm);
        child.Dispose();

        Assert.Equal(Usd.Of(0.20m), parent.Reserved);
        inFlight.Settle(Usd.Of(0.05m));

        Assert.Equal(Usd.Of(0.05m), parent.Spent);
        Assert.Equal(Money.Zero, parent.Reserved);
        Assert.Equal(Usd.Of(0.95m), parent.Remaining);
        Assert.Equal(0.05m, parent.Report().Breakdown.Llm.ByModel["gpt-4o"]);
    }

    [Fact]
    public void A_child_cap_above_zero_is_required_and_a_stopped_parent_creates_no_children()
    {
        using var parent = Parent(1m);
        Assert.Throws<ArgumentOutOfRangeException>(() => parent.CreateChild(Money.Zero));
        Assert.Throws<BudgetExhaustedException>(() => parent.Track(Usd.Of(2m), "too-big"));
        Assert.Throws<BudgetExhaustedException>(() => parent.CreateChild(Usd.Of(0.01m)));
    }
}
