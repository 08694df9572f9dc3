using AgentBudget.Tests.TestSupport;

namespace AgentBudget.Tests.Ambient;

using Money = AgentBudget.Money;

public class AmbientBudgetTests
{
    [Fact]
    public async Task Init_track_report_and_teardown()
    {
        await Task.Run(() =>
        {
            var session = AmbientBudget.Init("$5.00");
            Assert.Same(session, AmbientBudget.Current);

            AmbientBudget.Track(Usd.Of(0.01m), "serp_api");
            AmbientBudget.Track(Usd.Of(1.49m), "scrape");

            Assert.Equal(Usd.Of(1.50m), AmbientBudget.Spent);
            Assert.Equal(Usd.Of(3.50m), AmbientBudget.Remaining);
            Assert.Equal(1.50m, AmbientBudget.Report().TotalSpent);

            var final = AmbientBudget.Teardown();
            Assert.NotNull(final);
            Assert.Equal(1.50m, final!.TotalSpent);
            Assert.NotNull(final.EndedAt);
            Assert.Null(AmbientBudget.Current);
            Assert.True(session.IsDisposed);
            Assert.Null(AmbientBudget.Teardown());
        });
    }

    [Fact]
    public async Task Concurrent_runs_do_not_share_a_session()
    {
        using var bothInitialised = new Barrier(2);
        async Task<(Money Spent, string Id)> RunAgent(decimal perCall)
        {
            await Task.Yield();
            var session = AmbientBudget.Init("$10");
            bothInitialised.SignalAndWait(TimeSpan.FromSeconds(20));
            for (var i = 0; i < 100; i++)
            {
                AmbientBudget.Track(Usd.Of(perCall), "tool", (ulong)i);
                await Task.Yield();
            }

            var result = (AmbientBudget.Spent, AmbientBudget.Current!.Id);
            Assert.Same(session, AmbientBudget.Current);
            AmbientBudget.Teardown();
            return result;
        }

        var first = Task.Run(() => RunAgent(0.01m));
        var second = Task.Run(() => RunAgent(0.02m));
        var results = await Task.WhenAll(first, second);

        Assert.Equal(Usd.Of(1m), results[0].Spent);
        Assert.Equal(Usd.Of(2m), results[1].Spent);
        Assert.NotEqual(results[0].Id, results[1].Id);
    }

    [Fact]
    public async Task Init_twice_in_one_flow_is_refused_and_scopes_nest()
    {
        await Task.Run(() =>
        {
            var outer = AmbientBudget.Init(Usd.Of(1m));
            Assert.Throws<InvalidOperationException>(() => AmbientBudget.Init("$2"));

            using var inner = new Budget("$2").StartSession("inner");
            using (AmbientBudget.BeginScope(inner))
            {
                Assert.Same(inner, AmbientBudget.Current);
                AmbientBudget.Track(Usd.Of(0.5m), "t");
            }

            Assert.Same(outer, AmbientBudget.Current);
            Assert.Equal(Money.Zero, AmbientBudget.Spent);
            Assert.Equal(Usd.Of(0.5m), inner.Spent);
            AmbientBudget.Teardown();
        });
    }

    [Fact]
    public async Task Without_a_session_the_ambient_api_says_what_to_do()
    {
        await Task.Run(() =>
        {
            Assert.Null(AmbientBudget.Current);
            var exception = Assert.Throws<InvalidOperationException>(() => AmbientBudget.Spent);
            Assert.Equal("No AgentBudget session in this flow: call AmbientBudget.Init(\"$5.00\") first.", exception.Message);
            Assert.Throws<InvalidOperationException>(() => AmbientBudget.Track(Usd.Of(0.01m), "t"));
        });
    }

    [Fact]
    public async Task A_session_set_in_a_flow_is_visible_to_the_tasks_it_starts()
    {
        await Task.Run(async () =>
        {
            var session = AmbientBudget.Init("$1");
            var seen = await Task.Run(() => AmbientBudget.Current);
            Assert.Same(session, seen);
            AmbientBudget.Teardown();
        });
    }
}
