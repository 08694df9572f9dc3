using AgentBudget.Pricing;
using AgentBudget.Tests.TestSupport;

namespace AgentBudget.Tests.Enforcement;

using Money = AgentBudget.Money;

public class UnknownModelTests
{
    private static BudgetSession Session(UnknownModelPolicy policy, List<BudgetAlert> alerts) => new Budget(new BudgetOptions
    {
        MaxSpend = Usd.Of(1m),
        Prices = TestPrices.Catalog(),
        UnknownModels = policy,
        FallbackPrice = TestPrices.Fallback,
        OnUnknownModel = alerts.Add,
    }).StartSession();

    [Fact]
    public void Throw_refuses_the_call_before_it_is_made_without_stopping_the_session()
    {
        var alerts = new List<BudgetAlert>();
        using var session = Session(UnknownModelPolicy.Throw, alerts);

        var exception = Assert.Throws<UnknownModelException>(() => session.ReserveLlmCall("mystery-1", 100, 100));
        Assert.Equal("mystery-1", exception.Model);
        Assert.Equal(TerminationReason.UnknownModel, exception.Reason);
        Assert.False(session.IsTerminated);
        Assert.Equal(Money.Zero, session.Reserved);
        Assert.Equal("mystery-1", Assert.Single(alerts).Event.Name);

        session.ReserveLlmCall("gpt-4o-mini", 100, 100).Release();
    }

    [Fact]
    public void Throw_still_records_a_call_that_was_already_made()
    {
        var alerts = new List<BudgetAlert>();
        using var session = Session(UnknownModelPolicy.Throw, alerts);

        Assert.Throws<UnknownModelException>(() => session.RecordUsage("mystery-1", TokenUsage.FromInputOutput(10, 10)));

        var report = session.Report();
        Assert.Equal(1, report.UnpricedCalls);
        Assert.Equal(["mystery-1"], report.UnpricedModels);
        Assert.Equal(20, report.Tokens.TotalTokens);
    }

    [Fact]
    public void Record_unpriced_admits_with_a_zero_estimate_and_counts_the_calls()
    {
        var alerts = new List<BudgetAlert>();
        using var session = Session(UnknownModelPolicy.RecordUnpriced, alerts);

        var reservation = session.ReserveLlmCall("mystery-2", 1000, 1000);
        Assert.Equal(Money.Zero, reservation.Amount);
        reservation.SettleUsage("mystery-2", TokenUsage.FromInputOutput(1000, 500));
        Assert.Equal(Money.Zero, session.RecordUsage("mystery-2", TokenUsage.FromInputOutput(1, 1)));

        Assert.Single(alerts);
        var report = session.Report();
        Assert.Equal(2, report.UnpricedCalls);
        Assert.Equal(2, report.Breakdown.Llm.Models["mystery-2"].UnpricedCalls);
        Assert.Equal(0m, report.TotalSpent);
        Assert.True(report.Events.Where(e => e.Kind == "llm_charged").All(e => e.IsUnpriced));
    }

    [Fact]
    public void Fallback_price_charges_the_declared_price()
    {
        var alerts = new List<BudgetAlert>();
        using var session = Session(UnknownModelPolicy.UseFallbackPrice, alerts);

        // $1/M in and out: 1,000 + 1,000 tokens.
        var reservation = session.ReserveLlmCall("mystery-3", 1000, 1000);
        Assert.Equal(Usd.Of(0.002m), reservation.Amount);
        reservation.SettleUsage("mystery-3", TokenUsage.FromInputOutput(1000, 250));

        Assert.Equal(Usd.Of(0.00125m), session.Spent);
        Assert.Equal(BudgetEventKind.UnknownModel, Assert.Single(alerts).Kind);
        Assert.Equal(0, session.Report().UnpricedCalls);
    }
}
