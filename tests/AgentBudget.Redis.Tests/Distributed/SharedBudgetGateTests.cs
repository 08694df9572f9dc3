using AgentBudget.Distributed;
using AgentBudget.Redis.Tests.Infrastructure;

namespace AgentBudget.Redis.Tests.Distributed;

public sealed class SharedBudgetGateTests
{
    private static readonly BudgetScope User = new(BudgetScopeKey.User("alice"), Money.FromDollars(1.00m), BudgetPeriod.Daily);
    private static readonly SharedBudgetGateOptions NoDelay = new() { SettleRetryDelay = TimeSpan.Zero };

    private static Money Usd(decimal dollars) => Money.FromDollars(dollars);

    [Fact]
    public async Task A_gate_holds_settles_refuses_and_releases_in_the_shared_scopes()
    {
        var store = new InMemoryBudgetStore();
        var gate = new SharedBudgetGate(store, [User], NoDelay);

        var first = await gate.HoldAsync("s1:1", Usd(0.40m));
        var settled = await first.SettleAsync(Usd(0.30m));
        var refused = await gate.HoldAsync("s1:2", Usd(0.80m));
        var unused = await gate.HoldAsync("s1:3", Usd(0.50m));
        var released = await unused.ReleaseAsync();
        var usage = await store.GetUsageAsync(User);

        Assert.True(first.IsAdmitted);
        Assert.Equal(new BudgetSettleResult(SettleOutcome.Settled, Usd(0.30m)), settled);
        Assert.False(refused.IsAdmitted);
        Assert.Equal((User, Usd(0.70m)), (refused.Reservation.RefusedBy!.Scope, refused.Reservation.RefusedBy.Remaining));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await refused.SettleAsync(Usd(0.01m)));
        Assert.Equal(ReleaseOutcome.Released, released);
        Assert.Equal((Usd(0.30m), Usd(0m)), (usage.Settled, usage.Reserved));
    }

    [Fact]
    public async Task A_settle_whose_answer_was_lost_is_retried_and_reported_as_one_settle()
    {
        var inner = new InMemoryBudgetStore();
        var store = new LosesSettleReplies(inner, lostReplies: 1);
        var gate = new SharedBudgetGate(store, [User], NoDelay);
        var hold = await gate.HoldAsync("s1:1", Usd(0.40m));

        var settled = await hold.SettleAsync(Usd(0.35m));

        Assert.Equal(2, store.SettleAttempts);
        Assert.Equal(new BudgetSettleResult(SettleOutcome.Settled, Usd(0.35m)), settled);
        Assert.Equal(Usd(0.35m), (await inner.GetUsageAsync(User)).Settled);
    }

    [Fact]
    public async Task A_gate_gives_up_after_the_configured_number_of_settle_attempts()
    {
        var inner = new InMemoryBudgetStore();
        var store = new LosesSettleReplies(inner, lostReplies: int.MaxValue, applyBeforeLosing: false);
        var gate = new SharedBudgetGate(store, [User], new SharedBudgetGateOptions { SettleAttempts = 4, SettleRetryDelay = TimeSpan.Zero });
        var hold = await gate.HoldAsync("s1:1", Usd(0.40m));

        await Assert.ThrowsAsync<BudgetStoreUnavailableException>(async () => await hold.SettleAsync(Usd(0.35m)));

        Assert.Equal(4, store.SettleAttempts);
        Assert.Equal((Usd(0m), Usd(0.40m)), ((await inner.GetUsageAsync(User)).Settled, (await inner.GetUsageAsync(User)).Reserved));
    }

    /// <summary>A store whose first settles reach the inner store but whose answers are lost, as after a network timeout.</summary>
    private sealed class LosesSettleReplies(IBudgetStore inner, int lostReplies, bool applyBeforeLosing = true) : IBudgetStore
    {
        public int SettleAttempts { get; private set; }

        public IObservable<StoreEvent> Events => inner.Events;

        public ValueTask<BudgetReservationResult> ReserveAsync(IReadOnlyList<BudgetScope> scopes, Money amount, string reservationId, TimeSpan ttl, CancellationToken cancellationToken = default)
            => inner.ReserveAsync(scopes, amount, reservationId, ttl, cancellationToken);

        public async ValueTask<BudgetSettleResult> SettleAsync(string reservationId, Money actual, string idempotencyKey, CancellationToken cancellationToken = default)
        {
            SettleAttempts++;
            if (SettleAttempts > lostReplies)
            {
                return await inner.SettleAsync(reservationId, actual, idempotencyKey, cancellationToken);
            }

            if (applyBeforeLosing)
            {
                await inner.SettleAsync(reservationId, actual, idempotencyKey, cancellationToken);
            }

            throw new BudgetStoreUnavailableException("reply lost");
        }

        public ValueTask<ReleaseOutcome> ReleaseAsync(string reservationId, CancellationToken cancellationToken = default)
            => inner.ReleaseAsync(reservationId, cancellationToken);

        public ValueTask<BudgetUsage> GetUsageAsync(BudgetScope scope, CancellationToken cancellationToken = default)
            => inner.GetUsageAsync(scope, cancellationToken);
    }
}

[Collection(RedisCollection.Name)]
public sealed class SharedBudgetGateOverRedisTests(RedisServerFixture redis)
{
    [Fact]
    public async Task A_gate_over_redis_retries_a_settle_whose_connection_dropped_and_charges_once()
    {
        await using var proxy = new FaultyNetworkProxy(redis.Port);
        await using var connection = await RedisServerFixture.ConnectAsync(proxy.Endpoint);
        var prefix = "gate-" + Guid.NewGuid().ToString("N");
        var user = new BudgetScope(BudgetScopeKey.User("alice"), Money.FromDollars(1.00m), BudgetPeriod.Daily);
        var store = new RedisBudgetStore(connection, new RedisBudgetStoreOptions { KeyPrefix = prefix });
        var observer = new RedisBudgetStore(redis.Inspector, new RedisBudgetStoreOptions { KeyPrefix = prefix });
        await AgentBudget.Redis.Tests.Redis.RedisFailureTests.WarmUpAsync(store, observer);
        var gate = new SharedBudgetGate(store, [user],
            new SharedBudgetGateOptions { SettleAttempts = 50, SettleRetryDelay = TimeSpan.FromMilliseconds(100) });
        var hold = await gate.HoldAsync("session-1:call-1", Money.FromDollars(0.50m));

        proxy.LoseReplyTo("session-1%3Acall-1%3Asettle", FaultyNetworkProxy.FaultKind.CutConnection);
        var settled = await hold.SettleAsync(Money.FromDollars(0.45m));
        var usage = await observer.GetUsageAsync(user);

        Assert.True(proxy.ReplyCaught.Task.IsCompleted);
        Assert.Equal(new BudgetSettleResult(SettleOutcome.Settled, Money.FromDollars(0.45m)), settled);
        Assert.Equal((Money.FromDollars(0.45m), Money.Zero), (usage.Settled, usage.Reserved));
    }
}
