using System.Text.Json;
using AgentBudget.Pricing;
using AgentBudget.Reporting;
using AgentBudget.Tests.TestSupport;

namespace AgentBudget.Tests.Reporting;

public class ReportTests
{
    private static (BudgetSession Session, ManualTimeProvider Clock) Session(int eventCapacity = 1024)
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var session = new Budget(new BudgetOptions
        {
            MaxSpend = Usd.Of(5m),
            Prices = TestPrices.Catalog(),
            TimeProvider = clock,
            EventCapacity = eventCapacity,
        }).StartSession("sess_abc123");
        return (session, clock);
    }

    [Fact]
    public void The_report_has_the_original_fields_with_exact_values()
    {
        var (session, clock) = Session();
        using (session)
        {
            session.RecordUsage("gpt-4o", TokenUsage.FromInputOutput(100_000, 20_000)); // 0.25 + 0.20
            session.RecordUsage("gpt-4o-mini", TokenUsage.FromOpenAI(200_000, 100_000, cachedTokens: 0)); // 0.03 + 0.06
            session.Track(Usd.Of(0.01m), "serp_api", 1);
            session.Track(Usd.Of(0.04m), "serp_api", 2);
            session.Track(Usd.Of(0.25m), "scrape");
            clock.Advance(TimeSpan.FromSeconds(34.2));

            var json = session.Report().ToJson();
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;

            Assert.Equal("sess_abc123", root.GetProperty("session_id").GetString());
            Assert.Equal(5m, root.GetProperty("budget").GetDecimal());
            Assert.Equal(0.84m, root.GetProperty("total_spent").GetDecimal());
            Assert.Equal(4.16m, root.GetProperty("remaining").GetDecimal());
            var llm = root.GetProperty("breakdown").GetProperty("llm");
            Assert.Equal(0.54m, llm.GetProperty("total").GetDecimal());
            Assert.Equal(2, llm.GetProperty("calls").GetInt64());
            Assert.Equal(0.45m, llm.GetProperty("by_model").GetProperty("gpt-4o").GetDecimal());
            Assert.Equal(0.09m, llm.GetProperty("by_model").GetProperty("gpt-4o-mini").GetDecimal());
            var tools = root.GetProperty("breakdown").GetProperty("tools");
            Assert.Equal(0.30m, tools.GetProperty("total").GetDecimal());
            Assert.Equal(3, tools.GetProperty("calls").GetInt64());
            Assert.Equal(0.05m, tools.GetProperty("by_tool").GetProperty("serp_api").GetDecimal());
            Assert.Equal(0.25m, tools.GetProperty("by_tool").GetProperty("scrape").GetDecimal());
            Assert.Equal(34.2, root.GetProperty("duration_seconds").GetDouble());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("terminated_by").ValueKind);
            Assert.Equal(5, root.GetProperty("events").GetArrayLength());
            Assert.Equal(300_000, root.GetProperty("tokens").GetProperty("input_tokens").GetInt64());
            Assert.Equal(120_000, root.GetProperty("tokens").GetProperty("output_tokens").GetInt64());
            Assert.Equal(420_000, root.GetProperty("tokens").GetProperty("total_tokens").GetInt64());
            Assert.Equal(0, root.GetProperty("reservations_outstanding").GetProperty("count").GetInt64());
            Assert.Equal(0, root.GetProperty("unpriced_calls").GetInt64());
            Assert.Equal(0, root.GetProperty("children").GetArrayLength());
            Assert.Contains("\"by_model\":{\"gpt-4o\":0.45,\"gpt-4o-mini\":0.09}", json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Amounts_are_written_as_exact_decimal_numbers()
    {
        var (session, _) = Session();
        using (session)
        {
            session.Track(Usd.Of(0.000001m), "tiny");
            session.Track(AgentBudget.Money.FromPicodollars(1), "tinier");
            var json = session.Report().ToJson();

            Assert.Contains("\"total_spent\":0.000001000001", json, StringComparison.Ordinal);
            Assert.Contains("\"tinier\":0.000000000001", json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Terminated_by_outstanding_reservations_and_estimated_calls_are_reported()
    {
        var (session, _) = Session();
        using (session)
        {
            var open = session.ReserveLlmCall("gpt-4o", 1000, 1000, 1);
            session.ReserveLlmCall("gpt-4o", 1000, 1000, 2).SettleUsage("gpt-4o", TokenUsage.FromInputOutput(1000, 0), isEstimate: true);
            Assert.Throws<BudgetExhaustedException>(() => session.Track(Usd.Of(5m), "huge"));

            var report = session.Report();
            Assert.Equal("budget_exhausted", report.TerminatedBy);
            Assert.Equal(1, report.ReservationsOutstanding.Count);
            Assert.Equal(0.0125m, report.ReservationsOutstanding.Amount);
            Assert.Equal(1, report.EstimatedCalls);
            Assert.Equal(1, report.Breakdown.Llm.Models["gpt-4o"].EstimatedCalls);
            Assert.Contains(report.Events, e => e.Kind == "llm_charged" && e.IsEstimate && e.Amount == 0.0025m);
            Assert.Contains(report.Events, e => e.Kind == "hard_limit");
            Assert.Contains(report.Events, e => e.Kind == "terminated" && e.Reason == "budget_exhausted");
            open.Release();
        }
    }

    [Fact]
    public void Events_are_timestamped_by_the_time_provider_in_order()
    {
        var (session, clock) = Session();
        using (session)
        {
            var reservation = session.ReserveLlmCall("gpt-4o", 100, 100, 9);
            clock.Advance(TimeSpan.FromSeconds(2));
            reservation.SettleUsage("gpt-4o", TokenUsage.FromOpenAI(100, 50, cachedTokens: 40, reasoningTokens: 10));
            clock.Advance(TimeSpan.FromSeconds(1));
            session.Track(Usd.Of(0.02m), "scrape", 3);

            var events = session.GetEvents();
            Assert.Equal([BudgetEventKind.ReservationAdmitted, BudgetEventKind.LlmCharged, BudgetEventKind.ToolCharged], events.Select(e => e.Kind));
            Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
            var start = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
            Assert.Equal(start, events[0].Timestamp);
            Assert.Equal(start.AddSeconds(2), events[1].Timestamp);
            Assert.Equal(start.AddSeconds(3), events[2].Timestamp);
            // 60 uncached × $2.50/M + 40 cached × $1.25/M + 40 output × $10/M + 10 reasoning × $10/M.
            Assert.Equal(Usd.Of(0.00015m + 0.00005m + 0.0004m + 0.0001m), events[1].Amount);
            Assert.Equal(TokenUsage.FromOpenAI(100, 50, 40, 10), events[1].Usage);
            Assert.Equal(9UL, events[1].Fingerprint);
            Assert.Equal(0.00125m, session.Report().Events[0].Amount);
            Assert.Equal("0000000000000009", session.Report().Events[0].Fingerprint);
        }
    }

    [Fact]
    public void The_event_log_is_bounded_and_counts_what_it_dropped()
    {
        var (session, _) = Session(eventCapacity: 4);
        using (session)
        {
            for (var i = 1; i <= 10; i++)
            {
                session.Track(Usd.Of(0.01m), "t", (ulong)i);
            }

            var report = session.Report();
            Assert.Equal(10, report.EventsTotal);
            Assert.Equal(6, report.EventsDropped);
            Assert.Equal(6, session.DroppedEvents);
            Assert.Equal([7L, 8L, 9L, 10L], report.Events.Select(e => e.Sequence));
            Assert.Equal(10, report.Breakdown.Tools.Calls);
        }
    }

    [Fact]
    public void Zero_capacity_keeps_no_events_but_counts_them()
    {
        var (session, _) = Session(eventCapacity: 0);
        using (session)
        {
            session.Track(Usd.Of(0.01m), "t");
            session.Track(Usd.Of(0.01m), "t", 2);

            var report = session.Report();
            Assert.Empty(report.Events);
            Assert.Equal(2, report.EventsDropped);
        }
    }

    [Fact]
    public void Json_round_trips_through_the_source_generated_context()
    {
        var (session, _) = Session();
        using (session)
        {
            session.RecordUsage("gpt-4o", TokenUsage.FromInputOutput(1000, 1000));
            session.CreateChild(Usd.Of(1m), "kid").Track(Usd.Of(0.1m), "t");
            var original = session.Report();

            var copy = BudgetReport.FromJson(original.ToJson(indented: true))!;

            Assert.Equal(original.SessionId, copy.SessionId);
            Assert.Equal(original.TotalSpent, copy.TotalSpent);
            Assert.Equal(0.1125m, copy.TotalSpent);
            Assert.Equal(original.Breakdown.Llm.ByModel["gpt-4o"], copy.Breakdown.Llm.ByModel["gpt-4o"]);
            Assert.Equal(original.Events.Count, copy.Events.Count);
            Assert.Equal("sess_abc123/kid", Assert.Single(copy.Children).SessionId);
            Assert.Equal(1m, copy.Reserved + copy.Children[0].TotalSpent);
        }
    }

    [Fact]
    public void Ended_sessions_report_their_end_time()
    {
        var (session, clock) = Session();
        clock.Advance(TimeSpan.FromSeconds(3));
        session.Dispose();
        clock.Advance(TimeSpan.FromSeconds(100));

        var report = session.Report();
        Assert.Equal(3.0, report.DurationSeconds);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 12, 0, 3, TimeSpan.Zero), report.EndedAt);
        Assert.Equal("session_ended", report.Events[^1].Kind);
    }
}
