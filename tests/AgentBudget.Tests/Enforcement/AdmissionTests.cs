using AgentBudget.Pricing;
using AgentBudget.Tests.TestSupport;

namespace AgentBudget.Tests.Enforcement;

using Money = AgentBudget.Money;

public class AdmissionTests
{
    private static BudgetSession Session(decimal limit, Action<BudgetOptions>? configure = null)
    {
        var options = new BudgetOptions { MaxSpend = Usd.Of(limit), Prices = TestPrices.Catalog() };
        configure?.Invoke(options);
        return new Budget(options).StartSession("s1");
    }

    [Fact]
    public void A_call_that_does_not_fit_is_refused_before_anything_is_spent()
    {
        using var session = Session(1m);
        session.Track(Usd.Of(0.90m), "scrape");

        Assert.Throws<BudgetExhaustedException>(() => session.Track(Usd.Of(0.20m), "scrape", 2));

        Assert.Equal(Usd.Of(0.90m), session.Spent);
        Assert.Equal(Money.Zero, session.Reserved);
        var refused = Assert.Single(session.GetEvents(), e => e.Kind == BudgetEventKind.ReservationRefused);
        Assert.Equal(Usd.Of(0.20m), refused.Amount);
        Assert.Equal("scrape", refused.Name);
    }

    [Fact]
    public void Reserve_then_settle_charges_the_actual_cost_and_frees_the_rest()
    {
        using var session = Session(1m);
        var reservation = session.Reserve(Usd.Of(0.30m), "crawl", CallKind.Tool);

        Assert.Equal(Usd.Of(0.30m), reservation.Amount);
        Assert.Equal(Usd.Of(0.30m), session.Reserved);
        Assert.Equal(Money.Zero, session.Spent);
        Assert.Equal(Usd.Of(0.70m), session.Remaining);
        Assert.True(reservation.IsActive);

        Assert.True(reservation.Settle(Usd.Of(0.10m)));

        Assert.False(reservation.IsActive);
        Assert.Equal(Usd.Of(0.10m), session.Spent);
        Assert.Equal(Money.Zero, session.Reserved);
        Assert.Equal(Usd.Of(0.90m), session.Remaining);
        Assert.Equal(0.10m, session.Report().Breakdown.Tools.ByTool["crawl"]);
    }

    [Fact]
    public void Completing_a_reservation_twice_or_through_a_copy_counts_once()
    {
        using var session = Session(1m);
        var reservation = session.Reserve(Usd.Of(0.30m), "crawl", CallKind.Tool);
        var copy = reservation;

        Assert.True(reservation.Settle(Usd.Of(0.25m)));
        Assert.False(reservation.Settle(Usd.Of(0.25m)));
        Assert.False(copy.Settle(Usd.Of(0.25m)));
        Assert.False(copy.Release());
        Assert.False(reservation.SettleUsage("gpt-4o", TokenUsage.FromInputOutput(1000, 1000)));

        // The pooled slot is reused by the next reservation; the stale copy must not complete that one either.
        var next = session.Reserve(Usd.Of(0.10m), "crawl", CallKind.Tool);
        Assert.False(copy.Release());
        Assert.True(next.IsActive);
        Assert.True(next.Release());

        Assert.Equal(Usd.Of(0.25m), session.Spent);
        Assert.Equal(Money.Zero, session.Reserved);
        Assert.Equal(1, session.Report().Breakdown.Tools.Calls);
    }

    [Fact]
    public void Release_and_dispose_charge_nothing()
    {
        using var session = Session(1m);
        var released = session.Reserve(Usd.Of(0.40m), "crawl", CallKind.Tool);
        Assert.True(released.Release());
        using (session.Reserve(Usd.Of(0.40m), "crawl", CallKind.Tool))
        {
            Assert.Equal(Usd.Of(0.40m), session.Reserved);
        }

        Assert.Equal(Money.Zero, session.Spent);
        Assert.Equal(Money.Zero, session.Reserved);
        Assert.Equal(Usd.Of(1m), session.Remaining);
        Assert.Equal(0, session.Report().ReservationsOutstanding.Count);
    }

    [Fact]
    public void Default_reservation_does_nothing()
    {
        var reservation = default(BudgetReservation);
        Assert.False(reservation.Settle(Usd.Of(1m)));
        Assert.False(reservation.Release());
        Assert.False(reservation.IsActive);
        Assert.Null(reservation.Session);
    }

    [Fact]
    public void Reservations_are_held_against_the_limit()
    {
        using var session = Session(1m);
        var first = session.Reserve(Usd.Of(0.60m), "a", CallKind.Tool);

        var exception = Assert.Throws<BudgetExhaustedException>(() => session.Reserve(Usd.Of(0.60m), "b", CallKind.Tool));
        Assert.Equal(Usd.Of(0.60m), exception.Reserved);
        Assert.Equal(Money.Zero, exception.Spent);

        // The admitted call still completes and is recorded.
        Assert.True(first.Settle(Usd.Of(0.55m)));
        Assert.Equal(Usd.Of(0.55m), session.Spent);
    }

    [Fact]
    public void A_paid_call_that_costs_more_than_admitted_is_recorded_and_latches_the_session()
    {
        var hardLimitAlerts = new List<BudgetAlert>();
        using var session = Session(1m, o => o.OnHardLimit = hardLimitAlerts.Add);
        var reservation = session.Reserve(Usd.Of(0.90m), "gpt-4o", CallKind.Llm);

        Assert.True(reservation.Settle(Usd.Of(1.25m)));

        Assert.Equal(Usd.Of(1.25m), session.Spent);
        Assert.Equal(Money.Zero, session.Remaining);
        Assert.Equal(TerminationReason.BudgetExhausted, session.TerminatedBy);
        var alert = Assert.Single(hardLimitAlerts);
        Assert.Equal(BudgetEventKind.HardLimit, alert.Kind);
        Assert.Equal(Usd.Of(1.25m), alert.Spent);
        Assert.Equal("s1:" + alert.Event.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), alert.IdempotencyKey);

        var later = Assert.Throws<BudgetExhaustedException>(() => session.Track(Money.Zero, "free-tool"));
        Assert.Equal(Usd.Of(1.25m), later.Spent);
        Assert.Single(hardLimitAlerts);
        Assert.Equal(1.25m, session.Report().Breakdown.Llm.ByModel["gpt-4o"]);
    }

    [Fact]
    public void An_unreserved_record_that_crosses_the_limit_is_kept_and_the_next_admission_is_refused()
    {
        using var session = Session(0.01m);
        // 1,000 input + 1,000 output tokens of gpt-4o: 0.0025 + 0.01 = $0.0125.
        var cost = session.RecordUsage("gpt-4o", TokenUsage.FromInputOutput(1000, 1000));

        Assert.Equal(Usd.Of(0.0125m), cost);
        Assert.Equal(Usd.Of(0.0125m), session.Spent);
        Assert.True(session.IsTerminated);
        Assert.Throws<BudgetExhaustedException>(() => session.ReserveLlmCall("gpt-4o", 10, 10));
        Assert.Throws<BudgetExhaustedException>(session.ThrowIfTerminated);
    }

    [Fact]
    public void Would_exceed_is_exact_and_strict()
    {
        using var session = Session(0.50m);
        session.Track(Usd.Of(0.49m), "a");

        Assert.False(session.WouldExceed(Usd.Of(0.01m)));
        Assert.True(session.WouldExceed(Usd.Of(0.010000000001m)));
        Assert.False(session.WouldExceed(Money.Zero));

        session.Track(Usd.Of(0.01m), "a", 2);
        Assert.False(session.WouldExceed(Money.Zero));
        Assert.True(session.WouldExceed(Money.FromPicodollars(1)));

        Assert.Throws<BudgetExhaustedException>(() => session.Track(Money.FromPicodollars(1), "a", 3));
        Assert.True(session.WouldExceed(Money.Zero));
    }

    [Fact]
    public void Negative_costs_are_rejected()
    {
        using var session = Session(1m);
        Assert.Throws<ArgumentOutOfRangeException>(() => session.Track(Usd.Of(-0.01m), "a"));
        Assert.Throws<ArgumentOutOfRangeException>(() => session.Reserve(Usd.Of(-0.01m), "a", CallKind.Tool));
        Assert.Throws<ArgumentOutOfRangeException>(() => session.RecordCost("gpt-4o", Usd.Of(-0.01m), default));
        Assert.Equal(Money.Zero, session.Spent);
    }

    [Fact]
    public void A_disposed_session_refuses_admission_but_records_calls_still_in_flight()
    {
        var session = Session(1m);
        var inFlight = session.Reserve(Usd.Of(0.20m), "crawl", CallKind.Tool);
        session.Dispose();

        Assert.Throws<ObjectDisposedException>(() => session.Track(Usd.Of(0.01m), "crawl"));
        Assert.True(inFlight.Settle(Usd.Of(0.15m)));
        Assert.Equal(Usd.Of(0.15m), session.Spent);
        Assert.True(session.WouldExceed(Money.Zero));
    }
}
