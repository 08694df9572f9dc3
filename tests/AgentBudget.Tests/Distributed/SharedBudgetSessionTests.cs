using System.Text.Json;
using AgentBudget.Distributed;
using AgentBudget.Pricing;
using AgentBudget.Tests.TestSupport;

namespace AgentBudget.Tests.Distributed;

using Money = AgentBudget.Money;

/// <summary>Sessions layered inside shared budgets of an <see cref="InMemoryBudgetStore"/> (user daily ⊂ tenant monthly).</summary>
public class SharedBudgetSessionTests
{
    // gpt-4o: $2.50 / $10.00 per million. A reservation of 1,000 input + 500 output tokens holds
    // 1,000 × $0.0000025 + 500 × $0.00001 = $0.0075; a usage of 1,000 in + 200 out costs $0.0025 + $0.002 = $0.0045.
    private static readonly Money WorstCase = Usd.Of(0.0075m);
    private static readonly Money Actual = Usd.Of(0.0045m);
    private static readonly TokenUsage ActualUsage = TokenUsage.FromInputOutput(1000, 200);
    private static readonly SharedBudgetGateOptions NoDelay = new() { SettleRetryDelay = TimeSpan.Zero };

    private static readonly ManualTimeProvider Clock = new(new DateTimeOffset(2026, 3, 14, 9, 0, 0, TimeSpan.Zero));
    private static readonly BudgetScope Tenant = new(BudgetScopeKey.Tenant("acme"), Usd.Of(0.02m), BudgetPeriod.Monthly);
    private static readonly BudgetScope Alice = new(BudgetScopeKey.User("alice"), Usd.Of(1m), BudgetPeriod.Daily);
    private static readonly BudgetScope Bob = new(BudgetScopeKey.User("bob"), Usd.Of(1m), BudgetPeriod.Daily);

    private static Budget NewBudget(Action<BudgetOptions>? configure = null)
    {
        var options = new BudgetOptions { MaxSpend = Usd.Of(1m), Prices = TestPrices.Catalog(), TimeProvider = Clock };
        configure?.Invoke(options);
        return new Budget(options);
    }

    private static SharedBudgetGate Gate(IBudgetStore store, params BudgetScope[] scopes) => new(store, scopes, NoDelay);

    [Fact]
    public async Task Two_users_sessions_sharing_one_tenant_scope_cannot_together_exceed_it_and_the_refusal_names_the_scope()
    {
        var store = new InMemoryBudgetStore(Clock);
        var budget = NewBudget();
        await using var alice = budget.StartSession(Gate(store, Alice, Tenant), "sess_alice");
        await using var bob = budget.StartSession(Gate(store, Bob, Tenant), "sess_bob");

        await (await alice.ReserveLlmCallAsync("gpt-4o", 1000, 500)).SettleUsageAsync("gpt-4o", ActualUsage);
        await (await bob.ReserveLlmCallAsync("gpt-4o", 1000, 500)).SettleUsageAsync("gpt-4o", ActualUsage);
        var aliceSecond = await alice.ReserveLlmCallAsync("gpt-4o", 1000, 500);   // tenant: $0.009 settled + $0.0075 held
        var refusal = await Assert.ThrowsAsync<BudgetExhaustedException>(async () => await bob.ReserveLlmCallAsync("gpt-4o", 1000, 500));

        // Bob's session had $0.9955 left, but the tenant only $0.02 − $0.009 − $0.0075 = $0.0035.
        Assert.Equal(Tenant, refusal.SharedScope);
        Assert.Equal((Usd.Of(0.009m), WorstCase, Usd.Of(0.0035m)), (refusal.RefusedBy!.Settled, refusal.RefusedBy.Reserved, refusal.RefusedBy.Remaining));
        Assert.Equal((WorstCase, "gpt-4o", "sess_bob"), (refusal.Requested, refusal.CallName, refusal.SessionId));
        Assert.Equal("Shared budget tenant:acme monthly exhausted (session sess_bob): $0.007500 for 'gpt-4o' would bring its settled "
            + "$0.009000 plus reserved $0.007500 above its limit $0.020000.", refusal.Message);
        // The local reservation was released: Bob's session holds nothing, spent only its first call, and is not stopped.
        Assert.Equal((Actual, Money.Zero, Usd.Of(0.9955m), false), (bob.Spent, bob.Reserved, bob.Remaining, bob.IsTerminated));
        var notice = Assert.Single(bob.GetEvents(), e => e.Kind == BudgetEventKind.SharedBudgetRefused);
        Assert.Equal(("tenant:acme monthly $0.020000", WorstCase), (notice.Name, notice.Amount));
        Assert.Equal("'gpt-4o' needed $0.007500; the scope had $0.003500 left (settled $0.009000, reserved $0.007500, window m202603).", notice.Detail);

        await aliceSecond.SettleUsageAsync("gpt-4o", ActualUsage);
        var tenant = await store.GetUsageAsync(Tenant);
        Assert.Equal((Usd.Of(0.0135m), Money.Zero), (tenant.Settled, tenant.Reserved));
        Assert.Equal(alice.Spent + bob.Spent, tenant.Settled);
        Assert.Equal(Usd.Of(0.009m), (await store.GetUsageAsync(Alice)).Settled);
        Assert.Equal(Actual, (await store.GetUsageAsync(Bob)).Settled);
    }

    [Fact]
    public async Task Concurrent_sessions_of_many_users_never_hold_or_spend_more_than_the_tenant_scope()
    {
        var store = new InMemoryBudgetStore(Clock);
        var budget = NewBudget();
        var sessions = Enumerable.Range(0, 8)
            .Select(i => budget.StartSession(Gate(store, new BudgetScope(BudgetScopeKey.User("u" + i), Usd.Of(1m), BudgetPeriod.Daily), Tenant)))
            .ToArray();

        var refusals = await Task.WhenAll(sessions.Select(session => Task.Run(async () =>
        {
            while (true)
            {
                BudgetReservation reservation;
                try
                {
                    reservation = await session.ReserveLlmCallAsync("gpt-4o", 1000, 500);
                }
                catch (BudgetExhaustedException refused)
                {
                    return refused.SharedScope;
                }

                reservation.SettleUsage("gpt-4o", ActualUsage);   // synchronous: the shared settle is queued
            }
        })));
        foreach (var session in sessions)
        {
            await session.DisposeAsync();
        }

        // Each admitted call holds $0.0075 and settles $0.0045; a call is admitted only while settled + held + $0.0075 ≤ $0.02,
        // so the tenant ends with settled spend in [$0.0125, $0.02] and exactly the sum of what the sessions recorded.
        var tenant = await store.GetUsageAsync(Tenant);
        Assert.All(refusals, scope => Assert.Equal(Tenant, scope));
        Assert.Equal(Money.Zero, tenant.Reserved);
        Assert.Equal(sessions.Aggregate(Money.Zero, (sum, s) => sum + s.Spent), tenant.Settled);
        Assert.InRange(tenant.Settled.Picodollars, Usd.Of(0.0125m).Picodollars, Tenant.Limit.Picodollars);
        Assert.Equal(0, tenant.Settled.Picodollars % Actual.Picodollars);
    }

    [Fact]
    public async Task A_synchronous_settle_is_queued_recorded_once_in_both_ledgers_and_a_second_settle_changes_nothing()
    {
        var store = new InMemoryBudgetStore(Clock);
        await using var session = NewBudget().StartSession(Gate(store, Alice, Tenant));

        var reservation = await session.ReserveLlmCallAsync("gpt-4o", 1000, 500);
        var held = await store.GetUsageAsync(Tenant);
        var first = reservation.SettleUsage("gpt-4o", ActualUsage);
        var second = reservation.Settle(Usd.Of(0.5m));
        var third = await reservation.SettleUsageAsync("gpt-4o", ActualUsage);
        await session.FlushSharedBudgetAsync();
        var tenant = await store.GetUsageAsync(Tenant);

        Assert.Equal((Money.Zero, WorstCase), (held.Settled, held.Reserved));
        Assert.Equal((true, false, false), (first, second, third));
        Assert.Equal((Actual, Money.Zero), (tenant.Settled, tenant.Reserved));
        Assert.Equal((Actual, Money.Zero), (session.Spent, session.Reserved));
        Assert.Equal(0, session.PendingSharedCompletions);
    }

    [Fact]
    public async Task A_shared_settle_whose_answer_was_lost_is_retried_and_charged_once()
    {
        var store = new ScriptedStore(new InMemoryBudgetStore(Clock)) { LoseSettleReplies = 1 };
        await using var session = NewBudget().StartSession(Gate(store, Tenant));

        var reservation = await session.ReserveAsync(Usd.Of(0.01m), "search_api", CallKind.Tool);
        var settled = await reservation.SettleAsync(Usd.Of(0.008m));
        var tenant = await store.Inner.GetUsageAsync(Tenant);

        Assert.True(settled);
        Assert.Equal(2, store.SettleAttempts);
        Assert.Equal((Usd.Of(0.008m), Money.Zero), (tenant.Settled, tenant.Reserved));
        Assert.Equal(Usd.Of(0.008m), session.Spent);
        Assert.DoesNotContain(session.GetEvents(), e => e.Kind == BudgetEventKind.SharedStoreUnavailable);
    }

    [Fact]
    public async Task An_unavailable_store_failing_closed_refuses_with_a_clear_error_and_charges_nothing_anywhere()
    {
        var store = new ScriptedStore(new InMemoryBudgetStore(Clock)) { FailReserves = true };
        var notices = new List<BudgetAlert>();
        var sinkAlerts = new List<BudgetAlert>();
        await using var session = NewBudget(o =>
        {
            o.OnNotice = notices.Add;
            o.AlertSinks.Add(new ListSink(sinkAlerts));
        }).StartSession(Gate(store, Alice, Tenant));

        var error = await Assert.ThrowsAsync<BudgetStoreUnavailableException>(async () => await session.ReserveLlmCallAsync("gpt-4o", 1000, 500));

        Assert.Equal("the test store is down", error.Message);
        Assert.Equal((Money.Zero, Money.Zero, Usd.Of(1m)), (session.Spent, session.Reserved, session.Remaining));
        Assert.Equal((Money.Zero, Money.Zero), ((await store.Inner.GetUsageAsync(Tenant)).Settled, (await store.Inner.GetUsageAsync(Tenant)).Reserved));
        var kinds = session.GetEvents().Select(e => e.Kind).ToArray();
        Assert.Equal([BudgetEventKind.ReservationAdmitted, BudgetEventKind.ReservationReleased, BudgetEventKind.SharedStoreUnavailable], kinds);
        var notice = session.GetEvents()[2];
        Assert.Equal(("gpt-4o", WorstCase), (notice.Name, notice.Amount));
        Assert.Equal("The shared budget store is unavailable; the call was refused (fail closed) and nothing was charged. the test store is down", notice.Detail);
        Assert.Equal(BudgetEventKind.SharedStoreUnavailable, Assert.Single(notices).Kind);
        Assert.Equal(BudgetEventKind.SharedStoreUnavailable, Assert.Single(sinkAlerts).Kind);
    }

    [Fact]
    public async Task A_shared_settle_that_keeps_failing_keeps_the_local_record_and_records_a_notice()
    {
        var store = new ScriptedStore(new InMemoryBudgetStore(Clock)) { LoseSettleReplies = int.MaxValue, ApplyLostSettles = false };
        var session = NewBudget().StartSession(Gate(store, Tenant));

        var reservation = session.ReserveLlmCall("gpt-4o", 1000, 500);   // synchronous admission holds in the store too
        reservation.SettleUsage("gpt-4o", ActualUsage);
        await session.DisposeAsync();                                      // waits for the queued shared settle
        var tenant = await store.Inner.GetUsageAsync(Tenant);

        Assert.Equal(3, store.SettleAttempts);                             // the gate's default attempts
        Assert.Equal(Actual, session.Spent);
        Assert.Equal((Money.Zero, WorstCase), (tenant.Settled, tenant.Reserved));   // the hold expires after its TTL
        var notice = Assert.Single(session.GetEvents(), e => e.Kind == BudgetEventKind.SharedStoreUnavailable);
        Assert.Equal(("gpt-4o", Actual), (notice.Name, notice.Amount));
        Assert.StartsWith("The shared settle of $0.004500 for hold '" + session.Id + ":", notice.Detail);
        Assert.EndsWith("BudgetStoreUnavailableException: reply lost", notice.Detail);
    }

    [Fact]
    public async Task Released_reservations_tracked_tools_and_child_sessions_go_through_the_shared_scopes()
    {
        var store = new InMemoryBudgetStore(Clock);
        var gate = Gate(store, Tenant);
        await using var session = NewBudget(o => o.SharedBudget = _ => gate).StartSession();
        using var child = session.CreateChild(Usd.Of(0.5m), "researcher");

        (await session.ReserveAsync(Usd.Of(0.01m), "unused", CallKind.Tool)).Release();
        await (await session.ReserveAsync(Usd.Of(0.002m), "released", CallKind.Tool)).ReleaseAsync();
        session.Track(Usd.Of(0.001m), "search_api");
        await session.TrackAsync(Usd.Of(0.003m), "search_api");
        await (await child.ReserveAsync(Usd.Of(0.004m), "scrape", CallKind.Tool)).SettleAsync(Usd.Of(0.0035m));
        await session.FlushSharedBudgetAsync();
        var tenant = await store.GetUsageAsync(Tenant);

        Assert.Same(gate, session.SharedBudget);
        Assert.Same(gate, child.SharedBudget);
        Assert.Equal((Usd.Of(0.0075m), Money.Zero), (tenant.Settled, tenant.Reserved));
        Assert.Equal(Usd.Of(0.0075m), session.Spent);
    }

    [Fact]
    public async Task A_fail_open_emergency_admission_is_recorded_as_a_notice()
    {
        var store = new ScriptedStore(new InMemoryBudgetStore(Clock)) { EmergencyReserves = true };
        await using var session = NewBudget().StartSession(Gate(store, Tenant));

        await (await session.ReserveAsync(Usd.Of(0.01m), "search_api", CallKind.Tool)).SettleAsync(Usd.Of(0.01m));

        var notice = Assert.Single(session.GetEvents(), e => e.Kind == BudgetEventKind.EmergencyAdmission);
        Assert.Equal(("search_api", Usd.Of(0.01m)), (notice.Name, notice.Amount));
        Assert.Equal("The shared store is unavailable; hold '" + store.LastReservationId + "' was admitted against the store's local "
            + "emergency cap and is not in the shared counters.", notice.Detail);
        Assert.Equal("emergency_admission", session.Report().Events.Single(e => e.Kind == "emergency_admission").Kind);
    }

    [Fact]
    public void Without_a_shared_budget_the_async_admission_completes_synchronously()
    {
        using var session = NewBudget().StartSession();

#pragma warning disable CA2012 // The point of the test is to look at the ValueTasks before awaiting: they must be complete already.
        var pending = session.ReserveLlmCallAsync("gpt-4o", 1000, 500);
        var completedAtOnce = pending.IsCompletedSuccessfully;
        var reservation = completedAtOnce ? pending.Result : default;
        var settle = reservation.SettleUsageAsync("gpt-4o", ActualUsage);
        var settledAtOnce = settle.IsCompletedSuccessfully && settle.Result;
        var dispose = session.DisposeAsync();
#pragma warning restore CA2012

        Assert.True(completedAtOnce);
        Assert.True(settledAtOnce);
        Assert.True(dispose.IsCompletedSuccessfully);
        Assert.Null(session.SharedBudget);
        Assert.Equal(Actual, session.Spent);
    }

    [Fact]
    public void A_recorded_notice_appears_in_the_events_the_report_and_its_json_and_reaches_only_the_notice_callback()
    {
        var notices = new List<BudgetAlert>();
        var sinkAlerts = new List<BudgetAlert>();
        using var session = NewBudget(o =>
        {
            o.OnNotice = notices.Add;
            o.AlertSinks.Add(new ListSink(sinkAlerts));
        }).StartSession("sess_notice");

        session.RecordNotice(BudgetEventKind.ModelDegraded, "gpt-4o", "soft limit reached: routed to gpt-4o-mini");
        session.RecordNotice(BudgetEventKind.Notice, "router", "cache hit; no call made", Usd.Of(0.25m));

        var report = session.Report();
        Assert.Equal(
            [("model_degraded", "gpt-4o", "soft limit reached: routed to gpt-4o-mini", 0m), ("notice", "router", "cache hit; no call made", 0.25m)],
            report.Events.Select(e => (e.Kind, e.Name!, e.Detail!, e.Amount)).ToArray());
        using var json = JsonDocument.Parse(report.ToJson());
        var degraded = json.RootElement.GetProperty("events")[0];
        Assert.Equal("model_degraded", degraded.GetProperty("kind").GetString());
        Assert.Equal("soft limit reached: routed to gpt-4o-mini", degraded.GetProperty("detail").GetString());
        Assert.Equal(0.25m, json.RootElement.GetProperty("events")[1].GetProperty("amount").GetDecimal());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("events")[0].GetProperty("fingerprint").ValueKind);
        // A notice moves no money.
        Assert.Equal((Money.Zero, Money.Zero), (session.Spent, session.Reserved));
        Assert.Equal([BudgetEventKind.ModelDegraded, BudgetEventKind.Notice], notices.Select(a => a.Kind).ToArray());
        Assert.Equal("sess_notice:1", notices[0].IdempotencyKey);
        Assert.Empty(sinkAlerts);
    }

    [Fact]
    public void Only_notice_kinds_can_be_recorded()
    {
        using var session = NewBudget().StartSession();

        Assert.Throws<ArgumentOutOfRangeException>(() => session.RecordNotice(BudgetEventKind.LlmCharged, "gpt-4o"));
        Assert.Throws<ArgumentOutOfRangeException>(() => session.RecordNotice(BudgetEventKind.Notice, "x", amount: Usd.Of(-1m)));
        Assert.Empty(session.GetEvents());
    }

    private sealed class ListSink(List<BudgetAlert> alerts) : IBudgetEventSink
    {
        public void Publish(BudgetAlert alert) => alerts.Add(alert);
    }

    /// <summary>An in-memory store with scripted faults: reserves that fail, settles whose answers are lost, fail-open admissions.</summary>
    private sealed class ScriptedStore(InMemoryBudgetStore inner) : IBudgetStore
    {
        public InMemoryBudgetStore Inner { get; } = inner;

        public bool FailReserves { get; init; }

        public bool EmergencyReserves { get; init; }

        public int LoseSettleReplies { get; init; }

        public bool ApplyLostSettles { get; init; } = true;

        public int SettleAttempts { get; private set; }

        public string? LastReservationId { get; private set; }

        public IObservable<StoreEvent> Events => Inner.Events;

        public async ValueTask<BudgetReservationResult> ReserveAsync(IReadOnlyList<BudgetScope> scopes, Money amount, string reservationId, TimeSpan ttl, CancellationToken cancellationToken = default)
        {
            LastReservationId = reservationId;
            if (FailReserves)
            {
                throw new BudgetStoreUnavailableException("the test store is down");
            }

            var result = await Inner.ReserveAsync(scopes, amount, reservationId, ttl, cancellationToken);
            return EmergencyReserves ? BudgetReservationResult.Admitted(reservationId, result.ExpiresAt!.Value, isEmergency: true) : result;
        }

        public async ValueTask<BudgetSettleResult> SettleAsync(string reservationId, Money actual, string idempotencyKey, CancellationToken cancellationToken = default)
        {
            SettleAttempts++;
            if (SettleAttempts > LoseSettleReplies)
            {
                return await Inner.SettleAsync(reservationId, actual, idempotencyKey, cancellationToken);
            }

            if (ApplyLostSettles)
            {
                await Inner.SettleAsync(reservationId, actual, idempotencyKey, cancellationToken);
            }

            throw new BudgetStoreUnavailableException("reply lost");
        }

        public ValueTask<ReleaseOutcome> ReleaseAsync(string reservationId, CancellationToken cancellationToken = default)
            => Inner.ReleaseAsync(reservationId, cancellationToken);

        public ValueTask<BudgetUsage> GetUsageAsync(BudgetScope scope, CancellationToken cancellationToken = default)
            => Inner.GetUsageAsync(scope, cancellationToken);
    }
}
