using AgentBudget.Pricing;
using AgentBudget.Tests.TestSupport;

namespace AgentBudget.Tests.Enforcement;

using Money = AgentBudget.Money;

public class LimitTests
{
    [Fact]
    public void Soft_limit_fires_once_at_the_threshold()
    {
        var alerts = new List<BudgetAlert>();
        using var session = new Budget(new BudgetOptions
        {
            MaxSpend = Usd.Of(1m),
            SoftLimitFraction = 0.9,
            OnSoftLimit = alerts.Add,
        }).StartSession();

        session.Track(Usd.Of(0.45m), "a", 1);
        session.Track(Usd.Of(0.449999999999m), "a", 2);
        Assert.Empty(alerts);
        Assert.False(session.SoftLimitReached);

        session.Track(Money.FromPicodollars(1), "a", 3);
        session.Track(Usd.Of(0.05m), "a", 4);

        var alert = Assert.Single(alerts);
        Assert.Equal(BudgetEventKind.SoftLimit, alert.Kind);
        Assert.Equal(Usd.Of(0.90m), alert.Spent);
        Assert.Equal(Usd.Of(0.90m), alert.Event.Amount);
        Assert.True(session.SoftLimitReached);
        Assert.Single(session.GetEvents(), e => e.Kind == BudgetEventKind.SoftLimit);
    }

    [Fact]
    public void The_finalization_reserve_is_held_back_from_ordinary_calls_and_usable_by_the_final_step()
    {
        using var session = new Budget(new BudgetOptions
        {
            MaxSpend = Usd.Of(1m),
            FinalizationReserveFraction = 0.05,
            Prices = TestPrices.Catalog(),
        }).StartSession();

        session.Track(Usd.Of(0.95m), "research");
        Assert.True(session.WouldExceed(Money.FromPicodollars(1)));
        Assert.False(session.WouldExceed(Usd.Of(0.05m), isFinalStep: true));
        Assert.True(session.WouldExceed(Usd.Of(0.050000000001m), isFinalStep: true));

        Assert.Throws<BudgetExhaustedException>(() => session.Track(Usd.Of(0.01m), "research", 2));
        Assert.Equal(TerminationReason.BudgetExhausted, session.TerminatedBy);

        // The run is stopped for ordinary calls, yet its final step may still spend the reserve.
        var final = session.Reserve(Usd.Of(0.05m), "gpt-4o", CallKind.Llm, isFinalStep: true);
        Assert.True(final.Settle(Usd.Of(0.05m)));
        Assert.Equal(Usd.Of(1m), session.Spent);

        Assert.Throws<BudgetExhaustedException>(() => session.Reserve(Money.FromPicodollars(1), "gpt-4o", CallKind.Llm, isFinalStep: true));
        Assert.Throws<BudgetExhaustedException>(() => session.Track(Money.Zero, "research", 3));
        var finalCharge = Assert.Single(session.GetEvents(), e => e.Kind == BudgetEventKind.LlmCharged);
        Assert.True(finalCharge.IsFinalStep);
    }

    [Fact]
    public void Max_tool_calls_stops_the_session()
    {
        using var session = new Budget(new BudgetOptions { MaxSpend = Usd.Of(1m), MaxToolCalls = 3 }).StartSession();
        for (var i = 1; i <= 3; i++)
        {
            session.Track(Usd.Of(0.01m), "t", (ulong)i);
        }

        var exception = Assert.Throws<SessionLimitExceededException>(() => session.Track(Usd.Of(0.01m), "t", 4));
        Assert.Equal(TerminationReason.ToolCallLimit, exception.Reason);
        Assert.Equal(TerminationReason.ToolCallLimit, session.TerminatedBy);
        Assert.Equal(Usd.Of(0.03m), session.Spent);
        Assert.Equal("tool_call_limit", session.Report().TerminatedBy);
        Assert.Throws<SessionLimitExceededException>(() => session.Track(Usd.Of(0.01m), "other"));
    }

    [Fact]
    public void Max_llm_calls_stops_the_session()
    {
        var limitAlerts = new List<BudgetAlert>();
        using var session = new Budget(new BudgetOptions
        {
            MaxSpend = Usd.Of(1m),
            MaxLlmCalls = 2,
            Prices = TestPrices.Catalog(),
            OnLimitExceeded = limitAlerts.Add,
        }).StartSession();
        session.ReserveLlmCall("gpt-4o-mini", 100, 100, promptFingerprint: 1).SettleUsage("gpt-4o-mini", TokenUsage.FromInputOutput(100, 100));
        session.ReserveLlmCall("gpt-4o-mini", 100, 100, promptFingerprint: 2).SettleUsage("gpt-4o-mini", TokenUsage.FromInputOutput(100, 100));

        var exception = Assert.Throws<SessionLimitExceededException>(() => session.ReserveLlmCall("gpt-4o-mini", 100, 100, promptFingerprint: 3));
        Assert.Equal(TerminationReason.LlmCallLimit, exception.Reason);
        Assert.Equal(TerminationReason.LlmCallLimit, Assert.Single(limitAlerts).Event.Reason);
        // 2 × (100 × $0.15/M + 100 × $0.60/M) = 2 × $0.000075.
        Assert.Equal(Usd.Of(0.00015m), session.Spent);
    }

    [Fact]
    public void Max_total_tokens_latches_when_reached()
    {
        using var session = new Budget(new BudgetOptions { MaxSpend = Usd.Of(1m), MaxTotalTokens = 1000, Prices = TestPrices.Catalog() }).StartSession();
        session.RecordUsage("gpt-4o-mini", TokenUsage.FromInputOutput(500, 100));
        Assert.False(session.IsTerminated);
        session.RecordUsage("gpt-4o-mini", TokenUsage.FromInputOutput(300, 100));

        Assert.Equal(TerminationReason.TokenLimit, session.TerminatedBy);
        var exception = Assert.Throws<SessionLimitExceededException>(() => session.ReserveLlmCall("gpt-4o-mini", 1, 1));
        Assert.Equal(TerminationReason.TokenLimit, exception.Reason);
        Assert.Equal(1000, session.Report().Tokens.TotalTokens);
    }

    [Fact]
    public void Max_duration_uses_the_time_provider()
    {
        var clock = new ManualTimeProvider();
        using var session = new Budget(new BudgetOptions
        {
            MaxSpend = Usd.Of(1m),
            MaxDuration = TimeSpan.FromSeconds(10),
            TimeProvider = clock,
        }).StartSession();

        clock.Advance(TimeSpan.FromSeconds(10));
        session.Track(Usd.Of(0.01m), "t");
        clock.Advance(TimeSpan.FromTicks(1));

        var exception = Assert.Throws<SessionLimitExceededException>(() => session.Track(Usd.Of(0.01m), "t", 2));
        Assert.Equal(TerminationReason.DurationLimit, exception.Reason);
        Assert.Equal(TerminationReason.DurationLimit, session.TerminatedBy);
        Assert.Equal(Usd.Of(0.01m), session.Spent);
        Assert.Equal(10.0000001, session.Report().DurationSeconds);
    }

    [Fact]
    public void Llm_reservations_hold_the_worst_case_and_settle_to_the_priced_usage()
    {
        using var session = new Budget(new BudgetOptions { MaxSpend = Usd.Of(1m), Prices = TestPrices.Catalog() }).StartSession();

        // 1,000 × $2.50/M + 500 × $10/M = $0.0075.
        var reservation = session.ReserveLlmCall("gpt-4o", estimatedInputTokens: 1000, maxOutputTokens: 500);
        Assert.Equal(Usd.Of(0.0075m), reservation.Amount);
        Assert.Equal(Usd.Of(0.0075m), session.Reserved);

        // 600 uncached × $2.50/M + 200 cached × $1.25/M + 200 output × $10/M = 0.0015 + 0.00025 + 0.002.
        Assert.True(reservation.SettleUsage("gpt-4o", TokenUsage.FromOpenAI(promptTokens: 800, completionTokens: 200, cachedTokens: 200)));
        Assert.Equal(Usd.Of(0.00375m), session.Spent);
        Assert.Equal(Money.Zero, session.Reserved);

        var report = session.Report();
        var model = report.Breakdown.Llm.Models["gpt-4o"];
        Assert.Equal(600, model.InputTokens);
        Assert.Equal(200, model.CachedInputTokens);
        Assert.Equal(200, model.OutputTokens);
        Assert.Equal(1, model.Calls);
        Assert.Equal(200, report.Tokens.CachedInputTokens);
    }

    [Fact]
    public void The_worst_case_uses_the_dearest_input_and_output_buckets_and_the_model_maximum_output()
    {
        // Every input token at the $6/M one-hour cache-write rate, 100 output tokens at $15/M.
        Assert.Equal(6_000_000_000L + 1_500_000_000L, BudgetSession.WorstCaseCost(TestPrices.Sonnet, 1000, 100));
        // maxOutputTokens 0 means the model's maximum: 64,000 × $15/M = $0.96.
        Assert.Equal(960_000_000_000L, BudgetSession.WorstCaseCost(TestPrices.Sonnet, 0, 0));
    }

    [Fact]
    public void Provider_reported_costs_are_recorded_as_given()
    {
        using var session = new Budget(new BudgetOptions { MaxSpend = Usd.Of(1m) }).StartSession();
        session.RecordCost("router/some-model", Usd.Of(0.0123m), TokenUsage.FromInputOutput(10, 20));

        Assert.Equal(Usd.Of(0.0123m), session.Spent);
        var report = session.Report();
        Assert.Equal(0.0123m, report.Breakdown.Llm.ByModel["router/some-model"]);
        Assert.Equal(30, report.Tokens.TotalTokens);
        Assert.Equal(0, report.UnpricedCalls);
    }
}
