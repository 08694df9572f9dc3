using AgentBudget.Distributed;
using AgentBudget.Redis.Tests.Infrastructure;

namespace AgentBudget.Redis.Tests.Contract;

/// <summary>
/// The semantics every <see cref="IBudgetStore"/> must have, run against the in-memory store and against Redis.
/// Time is injected, so windows and expiry are exact.
/// </summary>
public abstract class BudgetStoreContractTests
{
    protected static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    protected ManualTimeProvider Clock { get; } = new(Start);

    protected abstract IBudgetStore CreateStore();

    private static Money Usd(decimal dollars) => Money.FromDollars(dollars);

    private static BudgetScope Scope(BudgetScopeKey key, decimal limit, BudgetPeriod? period = null)
        => new(key, Usd(limit), period ?? BudgetPeriod.None);

    [Fact]
    public async Task Reserve_then_settle_moves_the_hold_to_settled_spend()
    {
        var store = CreateStore();
        var user = Scope(BudgetScopeKey.User("alice"), 1.00m, BudgetPeriod.Daily);

        var reservation = await store.ReserveAsync([user], Usd(0.30m), "r1", Ttl);
        var whileHeld = await store.GetUsageAsync(user);
        var settle = await store.SettleAsync("r1", Usd(0.25m), "r1:settle");
        var after = await store.GetUsageAsync(user);

        Assert.True(reservation.IsAdmitted);
        Assert.Equal(Start + Ttl, reservation.ExpiresAt);
        Assert.Equal((Usd(0m), Usd(0.30m), Usd(0.70m)), (whileHeld.Settled, whileHeld.Reserved, whileHeld.Remaining));
        Assert.Equal(new BudgetSettleResult(SettleOutcome.Settled, Usd(0.25m)), settle);
        Assert.Equal((Usd(0.25m), Usd(0m), Usd(0.75m)), (after.Settled, after.Reserved, after.Remaining));
        Assert.Equal("d20261123", after.Window.Id);
    }

    [Fact]
    public async Task A_refusal_names_the_first_scope_that_cannot_fit_and_its_remaining()
    {
        var store = CreateStore();
        var session = Scope(BudgetScopeKey.Session("s1"), 1.00m);
        var user = Scope(BudgetScopeKey.User("alice"), 0.50m, BudgetPeriod.Daily);
        await store.ReserveAsync([session, user], Usd(0.40m), "r1", Ttl);

        var refused = await store.ReserveAsync([session, user], Usd(0.20m), "r2", Ttl);

        Assert.False(refused.IsAdmitted);
        Assert.Null(refused.ExpiresAt);
        Assert.Equal(user, refused.RefusedBy!.Scope);
        Assert.Equal((Usd(0m), Usd(0.40m), Usd(0.10m)), (refused.RefusedBy.Settled, refused.RefusedBy.Reserved, refused.RefusedBy.Remaining));
    }

    [Fact]
    public async Task A_layered_reservation_is_all_or_nothing()
    {
        var store = CreateStore();
        var session = Scope(BudgetScopeKey.Session("s1"), 1.00m);
        var user = Scope(BudgetScopeKey.User("alice"), 1.00m, BudgetPeriod.Daily);
        var tenant = Scope(BudgetScopeKey.Tenant("acme"), 0.10m, BudgetPeriod.Monthly);

        var refused = await store.ReserveAsync([session, user, tenant], Usd(0.20m), "r1", Ttl);

        Assert.False(refused.IsAdmitted);
        Assert.Equal(tenant, refused.RefusedBy!.Scope);
        // Nothing was held in the scopes that would have fitted.
        Assert.Equal(Usd(0m), (await store.GetUsageAsync(session)).Reserved);
        Assert.Equal(Usd(0m), (await store.GetUsageAsync(user)).Reserved);
        Assert.Equal(Usd(0m), (await store.GetUsageAsync(tenant)).Reserved);
    }

    [Fact]
    public async Task An_amount_equal_to_the_remaining_budget_is_admitted_and_one_picodollar_more_is_not()
    {
        var store = CreateStore();
        var team = Scope(BudgetScopeKey.Team("research"), 0.50m);
        await store.ReserveAsync([team], Usd(0.20m), "r1", Ttl);

        var tooMuch = await store.ReserveAsync([team], Usd(0.30m) + Money.FromPicodollars(1), "r2", Ttl);
        var exact = await store.ReserveAsync([team], Usd(0.30m), "r3", Ttl);

        Assert.False(tooMuch.IsAdmitted);
        Assert.Equal(Usd(0.30m), tooMuch.RefusedBy!.Remaining);
        Assert.True(exact.IsAdmitted);
        Assert.Equal(Usd(0m), (await store.GetUsageAsync(team)).Remaining);
    }

    [Fact]
    public async Task A_call_that_costs_more_than_it_reserved_is_recorded_in_full_and_blocks_the_next_call()
    {
        var store = CreateStore();
        var events = Collect(store);
        var user = Scope(BudgetScopeKey.User("bob"), 0.20m);
        await store.ReserveAsync([user], Usd(0.10m), "r1", Ttl);

        var settle = await store.SettleAsync("r1", Usd(0.25m), "r1:settle");
        var usage = await store.GetUsageAsync(user);
        var next = await store.ReserveAsync([user], Money.FromPicodollars(1), "r2", Ttl);

        Assert.Equal(new BudgetSettleResult(SettleOutcome.Settled, Usd(0.25m)), settle);
        Assert.Equal((Usd(0.25m), Usd(0m), Usd(-0.05m)), (usage.Settled, usage.Reserved, usage.Remaining));
        Assert.False(next.IsAdmitted);
        var overshoot = Assert.Single(events, e => e.Kind == StoreEventKind.SettledAboveReservation);
        Assert.Equal(Usd(0.25m), overshoot.Amount);
    }

    [Fact]
    public async Task Settling_twice_with_the_same_idempotency_key_charges_once()
    {
        var store = CreateStore();
        var events = Collect(store);
        var user = Scope(BudgetScopeKey.User("carol"), 1.00m);
        await store.ReserveAsync([user], Usd(0.10m), "r1", Ttl);

        var first = await store.SettleAsync("r1", Usd(0.07m), "r1:settle");
        var retry = await store.SettleAsync("r1", Usd(0.07m), "r1:settle");
        var otherKey = await store.SettleAsync("r1", Usd(0.07m), "r1:settle-again");

        Assert.Equal(new BudgetSettleResult(SettleOutcome.Settled, Usd(0.07m)), first);
        Assert.Equal(new BudgetSettleResult(SettleOutcome.Duplicate, Money.Zero), retry);
        Assert.Equal(new BudgetSettleResult(SettleOutcome.AlreadySettled, Money.Zero), otherKey);
        Assert.Equal(Usd(0.07m), (await store.GetUsageAsync(user)).Settled);
        Assert.Single(events, e => e.Kind == StoreEventKind.DuplicateSettle);
    }

    [Fact]
    public async Task Release_returns_the_hold_and_reports_the_state_of_finished_reservations()
    {
        var store = CreateStore();
        var user = Scope(BudgetScopeKey.User("dave"), 1.00m);
        await store.ReserveAsync([user], Usd(0.60m), "r1", Ttl);
        await store.ReserveAsync([user], Usd(0.10m), "r2", Ttl);
        await store.SettleAsync("r2", Usd(0.10m), "r2:settle");

        Assert.Equal(ReleaseOutcome.Released, await store.ReleaseAsync("r1"));
        Assert.Equal(ReleaseOutcome.AlreadyReleased, await store.ReleaseAsync("r1"));
        Assert.Equal(ReleaseOutcome.AlreadySettled, await store.ReleaseAsync("r2"));
        Assert.Equal(ReleaseOutcome.UnknownReservation, await store.ReleaseAsync("never-made"));
        var usage = await store.GetUsageAsync(user);
        Assert.Equal((Usd(0.10m), Usd(0m)), (usage.Settled, usage.Reserved));
    }

    [Fact]
    public async Task A_crashed_process_reservation_expires_and_its_money_returns()
    {
        var store = CreateStore();
        var events = Collect(store);
        var tenant = Scope(BudgetScopeKey.Tenant("acme"), 1.00m, BudgetPeriod.Monthly);
        // The "crashed" process reserves and never settles or releases.
        await store.ReserveAsync([tenant], Usd(0.80m), "crashed", Ttl);
        var whileHeld = await store.ReserveAsync([tenant], Usd(0.50m), "blocked", Ttl);

        Clock.Advance(Ttl - TimeSpan.FromMilliseconds(1));
        var justBefore = await store.ReserveAsync([tenant], Usd(0.50m), "still-blocked", Ttl);
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var afterExpiry = await store.ReserveAsync([tenant], Usd(0.50m), "after", Ttl);

        Assert.False(whileHeld.IsAdmitted);
        Assert.False(justBefore.IsAdmitted);
        Assert.True(afterExpiry.IsAdmitted);
        Assert.Equal((Usd(0m), Usd(0.50m)), ((await store.GetUsageAsync(tenant)).Settled, (await store.GetUsageAsync(tenant)).Reserved));
        Assert.Equal(1, Assert.Single(events, e => e.Kind == StoreEventKind.ReservationsReclaimed).Count);
        Assert.Equal(ReleaseOutcome.Expired, await store.ReleaseAsync("crashed"));
    }

    [Fact]
    public async Task A_late_settle_after_expiry_still_records_the_paid_cost()
    {
        var store = CreateStore();
        var user = Scope(BudgetScopeKey.User("erin"), 1.00m);
        await store.ReserveAsync([user], Usd(0.40m), "slow", Ttl);
        Clock.Advance(Ttl + TimeSpan.FromSeconds(1));
        await store.GetUsageAsync(user); // reclaims the hold

        var late = await store.SettleAsync("slow", Usd(0.35m), "slow:settle");

        Assert.Equal(new BudgetSettleResult(SettleOutcome.SettledAfterHoldEnded, Usd(0.35m)), late);
        var usage = await store.GetUsageAsync(user);
        Assert.Equal((Usd(0.35m), Usd(0m)), (usage.Settled, usage.Reserved));
    }

    [Fact]
    public async Task A_settle_before_the_hold_is_reclaimed_is_a_normal_settle_even_past_the_ttl()
    {
        var store = CreateStore();
        var user = Scope(BudgetScopeKey.User("frank"), 1.00m);
        await store.ReserveAsync([user], Usd(0.40m), "r1", Ttl);
        Clock.Advance(Ttl + TimeSpan.FromSeconds(5));

        var settle = await store.SettleAsync("r1", Usd(0.30m), "r1:settle");

        Assert.Equal(new BudgetSettleResult(SettleOutcome.Settled, Usd(0.30m)), settle);
        var usage = await store.GetUsageAsync(user);
        Assert.Equal((Usd(0.30m), Usd(0m)), (usage.Settled, usage.Reserved));
    }

    [Fact]
    public async Task A_user_daily_budget_resets_at_midnight_utc()
    {
        Clock.Set(new DateTimeOffset(2026, 11, 23, 23, 59, 0, TimeSpan.Zero));
        var store = CreateStore();
        var daily = Scope(BudgetScopeKey.User("grace"), 1.00m, BudgetPeriod.Daily);
        await store.ReserveAsync([daily], Usd(0.90m), "r1", Ttl);
        await store.SettleAsync("r1", Usd(0.90m), "r1:settle");
        var lateEvening = await store.ReserveAsync([daily], Usd(0.20m), "r2", Ttl);

        Clock.Advance(TimeSpan.FromMinutes(2)); // 2026-11-24T00:01Z
        var nextMorning = await store.ReserveAsync([daily], Usd(0.20m), "r3", Ttl);
        var today = await store.GetUsageAsync(daily);

        Assert.False(lateEvening.IsAdmitted);
        Assert.Equal(Usd(0.10m), lateEvening.RefusedBy!.Remaining);
        Assert.True(nextMorning.IsAdmitted);
        Assert.Equal("d20261124", today.Window.Id);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), today.Window.Start);
        Assert.Equal((Usd(0m), Usd(0.20m)), (today.Settled, today.Reserved));
    }

    [Fact]
    public async Task A_call_admitted_before_midnight_is_settled_into_the_window_that_admitted_it()
    {
        Clock.Set(new DateTimeOffset(2026, 11, 30, 23, 59, 59, TimeSpan.Zero));
        var store = CreateStore();
        var daily = Scope(BudgetScopeKey.User("heidi"), 1.00m, BudgetPeriod.Daily);
        var monthly = Scope(BudgetScopeKey.Tenant("acme"), 5.00m, BudgetPeriod.Monthly);
        await store.ReserveAsync([daily, monthly], Usd(0.50m), "r1", Ttl);

        Clock.Advance(TimeSpan.FromSeconds(2)); // 2026-12-01T00:00:01Z: a new day and a new month
        await store.SettleAsync("r1", Usd(0.40m), "r1:settle");
        var december = await store.GetUsageAsync(monthly);
        var decemberFirst = await store.GetUsageAsync(daily);

        var freshDay = await store.ReserveAsync([daily, monthly], Usd(1.00m), "r2", Ttl);
        Clock.Set(new DateTimeOffset(2026, 11, 30, 23, 59, 59, 500, TimeSpan.Zero));
        var november = await store.GetUsageAsync(monthly);

        Assert.Equal(("m202612", Usd(0m), Usd(0m)), (december.Window.Id, december.Settled, december.Reserved));
        Assert.Equal(("d20261201", Usd(0m)), (decemberFirst.Window.Id, decemberFirst.Settled));
        Assert.True(freshDay.IsAdmitted);
        Assert.Equal(("m202611", Usd(0.40m), Usd(0m)), (november.Window.Id, november.Settled, november.Reserved));
    }

    [Fact]
    public async Task A_fixed_window_resets_on_multiples_of_its_length()
    {
        Clock.Set(new DateTimeOffset(2026, 11, 23, 12, 59, 30, TimeSpan.Zero));
        var store = CreateStore();
        var hourly = Scope(BudgetScopeKey.Custom("api-key", "k-1"), 0.10m, BudgetPeriod.Fixed(TimeSpan.FromHours(1)));
        await store.ReserveAsync([hourly], Usd(0.10m), "r1", Ttl);
        var sameHour = await store.ReserveAsync([hourly], Usd(0.01m), "r2", Ttl);

        Clock.Advance(TimeSpan.FromSeconds(30)); // 13:00:00Z
        var nextHour = await store.ReserveAsync([hourly], Usd(0.10m), "r3", Ttl);

        Assert.False(sameHour.IsAdmitted);
        Assert.True(nextHour.IsAdmitted);
        var usage = await store.GetUsageAsync(hourly);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 13, 0, 0, TimeSpan.Zero), usage.Window.Start);
        Assert.Equal(Usd(0.10m), usage.Reserved);
    }

    [Fact]
    public async Task Money_stays_exact_beyond_two_to_the_53_picodollars()
    {
        var store = CreateStore();
        const long twoTo53 = 9_007_199_254_740_992;
        // A double cannot tell 2^53 + 1 from 2^53: a float comparison would admit the third reservation.
        var scope = new BudgetScope(BudgetScopeKey.Tenant("big"), Money.FromPicodollars(twoTo53 + 1), BudgetPeriod.Monthly);

        var first = await store.ReserveAsync([scope], Money.FromPicodollars(twoTo53), "r1", Ttl);
        var second = await store.ReserveAsync([scope], Money.FromPicodollars(1), "r2", Ttl);
        var third = await store.ReserveAsync([scope], Money.FromPicodollars(1), "r3", Ttl);

        Assert.True(first.IsAdmitted);
        Assert.True(second.IsAdmitted);
        Assert.False(third.IsAdmitted);
        Assert.Equal(Money.FromPicodollars(twoTo53 + 1), third.RefusedBy!.Reserved);
        Assert.Equal(Money.Zero, third.RefusedBy.Remaining);
    }

    [Fact]
    public async Task Money_stays_exact_at_the_top_of_the_64_bit_range()
    {
        var store = CreateStore();
        var scope = new BudgetScope(BudgetScopeKey.Tenant("huge"), Money.MaxValue, BudgetPeriod.None);

        var first = await store.ReserveAsync([scope], Money.FromPicodollars(long.MaxValue - 5), "r1", Ttl);
        var second = await store.ReserveAsync([scope], Money.FromPicodollars(5), "r2", Ttl);
        var third = await store.ReserveAsync([scope], Money.FromPicodollars(1), "r3", Ttl);
        await store.SettleAsync("r1", Money.FromPicodollars(long.MaxValue - 7), "r1:settle");
        var usage = await store.GetUsageAsync(scope);

        Assert.True(first.IsAdmitted);
        Assert.True(second.IsAdmitted);
        Assert.False(third.IsAdmitted);
        Assert.Equal((Money.FromPicodollars(long.MaxValue - 7), Money.FromPicodollars(5)), (usage.Settled, usage.Reserved));
        Assert.Equal(Money.FromPicodollars(2), usage.Remaining);
    }

    [Fact]
    public async Task Retrying_a_reserve_with_the_same_id_and_amount_does_not_hold_twice()
    {
        var store = CreateStore();
        var user = Scope(BudgetScopeKey.User("ivan"), 1.00m);
        var first = await store.ReserveAsync([user], Usd(0.30m), "r1", Ttl);
        Clock.Advance(TimeSpan.FromSeconds(1));

        var retry = await store.ReserveAsync([user], Usd(0.30m), "r1", Ttl);

        Assert.True(retry.IsAdmitted);
        Assert.Equal(first.ExpiresAt, retry.ExpiresAt);
        Assert.Equal(Usd(0.30m), (await store.GetUsageAsync(user)).Reserved);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.ReserveAsync([user], Usd(0.31m), "r1", Ttl));
    }

    [Fact]
    public async Task Settling_an_unknown_reservation_charges_nothing()
    {
        var store = CreateStore();

        var result = await store.SettleAsync("never-made", Usd(0.10m), "never-made:settle");

        Assert.Equal(new BudgetSettleResult(SettleOutcome.UnknownReservation, Money.Zero), result);
    }

    [Fact]
    public async Task Invalid_requests_are_rejected_before_touching_the_store()
    {
        var store = CreateStore();
        var user = Scope(BudgetScopeKey.User("judy"), 1.00m);

        await Assert.ThrowsAsync<ArgumentException>(async () => await store.ReserveAsync([user, user], Usd(0.10m), "r1", Ttl));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.ReserveAsync([], Usd(0.10m), "r1", Ttl));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ReserveAsync([user], Usd(-0.10m), "r1", Ttl));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ReserveAsync([user], Usd(0.10m), "r1", TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.ReserveAsync([user], Usd(0.10m), "", Ttl));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.SettleAsync("r1", Usd(-0.01m), "k"));
        Assert.Equal(Usd(0m), (await store.GetUsageAsync(user)).Reserved);
    }

    [Fact]
    public async Task Concurrent_sessions_in_one_process_never_overspend()
    {
        var store = CreateStore();
        var team = Scope(BudgetScopeKey.Team("shared"), 1.00m, BudgetPeriod.Daily);
        var cent = Usd(0.01m);

        var results = await Task.WhenAll(Enumerable.Range(0, 250).Select(i => Task.Run(async () =>
        {
            var reservation = await store.ReserveAsync([team], cent, "c" + i, Ttl);
            if (reservation.IsAdmitted)
            {
                await store.SettleAsync("c" + i, cent, "c" + i + ":settle");
            }

            return reservation.IsAdmitted;
        })));

        Assert.Equal(100, results.Count(admitted => admitted));
        var usage = await store.GetUsageAsync(team);
        Assert.Equal((Usd(1.00m), Usd(0m)), (usage.Settled, usage.Reserved));
    }

    [Fact]
    public async Task Ids_with_separators_and_non_ascii_text_stay_distinct()
    {
        var store = CreateStore();
        var plain = Scope(BudgetScopeKey.User("a:b"), 1.00m);
        var encodedLookalike = Scope(BudgetScopeKey.User("a%3Ab"), 1.00m);
        var odd = Scope(BudgetScopeKey.User("line\nbreak {tag} ünïcødé"), 1.00m);

        await store.ReserveAsync([plain, odd], Usd(0.10m), "id with spaces:{and braces}\n", Ttl);
        await store.ReserveAsync([encodedLookalike], Usd(0.20m), "r2", Ttl);
        var settle = await store.SettleAsync("id with spaces:{and braces}\n", Usd(0.05m), "key:{x}");

        Assert.Equal(SettleOutcome.Settled, settle.Outcome);
        Assert.Equal(Usd(0.05m), (await store.GetUsageAsync(plain)).Settled);
        Assert.Equal(Usd(0.05m), (await store.GetUsageAsync(odd)).Settled);
        Assert.Equal((Usd(0m), Usd(0.20m)), ((await store.GetUsageAsync(encodedLookalike)).Settled, (await store.GetUsageAsync(encodedLookalike)).Reserved));
    }

    protected static List<StoreEvent> Collect(IBudgetStore store)
    {
        var events = new List<StoreEvent>();
        store.Events.Subscribe(new Recorder(events));
        return events;
    }

    private sealed class Recorder(List<StoreEvent> events) : IObserver<StoreEvent>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(StoreEvent value)
        {
            lock (events)
            {
                events.Add(value);
            }
        }
    }
}
