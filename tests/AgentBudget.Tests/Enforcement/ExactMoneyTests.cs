using AgentBudget.Pricing;
using AgentBudget.Tests.TestSupport;

namespace AgentBudget.Tests.Enforcement;

using Money = AgentBudget.Money;

public class ExactMoneyTests
{
    private static BudgetSession Session(decimal limit, int maxRepeatedCalls = 10) => new Budget(new BudgetOptions
    {
        MaxSpend = Usd.Of(limit),
        Prices = TestPrices.Catalog(),
        LoopDetection = new LoopDetectionOptions { MaxRepeatedCalls = maxRepeatedCalls },
        EventCapacity = 64,
    }).StartSession();

    [Fact]
    public void Fifty_one_cent_calls_fit_a_fifty_cent_budget_exactly()
    {
        using var session = Session(0.50m);
        for (var i = 0; i < 50; i++)
        {
            session.Track(Usd.Of(0.01m), "search", argumentsFingerprint: (ulong)i + 1);
        }

        Assert.Equal(Usd.Of(0.50m), session.Spent);
        Assert.Equal(Money.Zero, session.Remaining);
        Assert.False(session.IsTerminated);

        var exception = Assert.Throws<BudgetExhaustedException>(() => session.Track(Usd.Of(0.01m), "search", 51));
        Assert.Equal(Usd.Of(0.01m), exception.Requested);
        Assert.Equal(Usd.Of(0.50m), exception.Spent);
        Assert.Equal(Usd.Of(0.50m), exception.Limit);
        Assert.Equal("search", exception.CallName);
        Assert.Equal(Usd.Of(0.50m), session.Spent);
        Assert.Equal(TerminationReason.BudgetExhausted, session.TerminatedBy);
    }

    [Fact]
    public void A_million_micro_dollar_charges_sum_to_exactly_one_dollar()
    {
        using var session = Session(1m, maxRepeatedCalls: 0);
        var micro = Usd.Of(0.000001m);
        for (var i = 0; i < 1_000_000; i++)
        {
            session.Track(micro, "tick");
        }

        Assert.Equal(Usd.Of(1m), session.Spent);
        Assert.Equal(1_000_000, session.Report().Breakdown.Tools.Calls);
        Assert.Throws<BudgetExhaustedException>(() => session.Track(Money.FromPicodollars(1), "tick"));
    }

    [Fact]
    public void A_million_one_token_calls_at_five_cents_per_million_cost_exactly_five_cents()
    {
        using var session = Session(1m, maxRepeatedCalls: 0);
        var oneToken = TokenUsage.FromInputOutput(1, 0);
        for (var i = 0; i < 1_000_000; i++)
        {
            session.RecordUsage("nano", oneToken);
        }

        Assert.Equal(Usd.Of(0.05m), session.Spent);
        var report = session.Report();
        Assert.Equal(0.05m, report.Breakdown.Llm.ByModel["nano"]);
        Assert.Equal(1_000_000, report.Breakdown.Llm.Calls);
        Assert.Equal(1_000_000, report.Tokens.InputTokens);
    }
}
