using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using AgentBudget.Distributed;
using AgentBudget.Pricing;
using AgentBudget.Redis.Tests.Infrastructure;

namespace AgentBudget.Redis.Tests.Redis;

/// <summary>In-process budget sessions layered inside shared scopes kept in a real redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class SharedSessionTests(RedisServerFixture redis)
{
    // $2.50 / $10.00 per million tokens. A reservation of 1,000 input + 500 output tokens holds $0.0025 + $0.005 = $0.0075;
    // a usage of 1,000 in + 200 out costs $0.0025 + $0.002 = $0.0045.
    private static readonly ModelPrice Model = new("test-4o", "test",
        new PriceRates(TokenRate.FromUsdPerMillionTokens(2.50m), TokenRate.FromUsdPerMillionTokens(10.00m)));
    private static readonly TokenUsage ActualUsage = TokenUsage.FromInputOutput(1000, 200);
    private static readonly Money ActualCost = Money.FromDollars(0.0045m);

    private static Budget NewBudget() => new(new BudgetOptions { MaxSpend = Money.FromDollars(1m), Prices = new OneModelCatalog(Model) });

    [Fact]
    public async Task Concurrent_sessions_of_several_users_never_settle_more_than_a_small_redis_tenant_budget()
    {
        const int sessionCount = 4;
        const int tasksPerSession = 2;
        await using var connection = await RedisServerFixture.ConnectAsync(redis.Endpoint);
        var store = new RedisBudgetStore(connection, new RedisBudgetStoreOptions { KeyPrefix = "sessions-" + Guid.NewGuid().ToString("N") });
        var tenant = new BudgetScope(BudgetScopeKey.Tenant("acme"), Money.FromDollars(0.05m), BudgetPeriod.Monthly);
        var budget = NewBudget();
        var sessions = Enumerable.Range(0, sessionCount).Select(i => budget.StartSession(new SharedBudgetGate(store,
            [new BudgetScope(BudgetScopeKey.User("user-" + i), Money.FromDollars(1m), BudgetPeriod.Daily), tenant]))).ToArray();
        var admitted = 0;

        var refusals = await Task.WhenAll(sessions.SelectMany(session => Enumerable.Range(0, tasksPerSession).Select(task => Task.Run(async () =>
        {
            for (var call = 0; ; call++)
            {
                BudgetReservation reservation;
                try
                {
                    reservation = await session.ReserveLlmCallAsync("test-4o", 1000, 500);
                }
                catch (BudgetExhaustedException refused)
                {
                    return refused.SharedScope;
                }

                Interlocked.Increment(ref admitted);
                await Task.Yield();   // the "call": let other sessions race for the tenant in between
                if ((call + task) % 2 == 0)
                {
                    reservation.SettleUsage("test-4o", ActualUsage);                 // shared settle queued in the background
                }
                else
                {
                    await reservation.SettleUsageAsync("test-4o", ActualUsage);      // shared settle awaited
                }
            }
        }))));
        foreach (var session in sessions)
        {
            await session.DisposeAsync();   // flushes the queued shared settles
        }

        var usage = await store.GetUsageAsync(tenant);
        var recorded = sessions.Aggregate(Money.Zero, (sum, session) => sum + session.Spent);
        Assert.All(refusals, scope => Assert.Equal(tenant, scope));
        Assert.True(admitted >= 6, "every admitted call holds $0.0075 of $0.05, so at least six fit; admitted " + admitted);
        Assert.Equal(ActualCost * admitted, recorded);
        Assert.Equal((recorded, Money.Zero), (usage.Settled, usage.Reserved));
        Assert.True(usage.Settled <= tenant.Limit, "settled " + usage.Settled + " exceeds " + tenant.Limit);
        Assert.All(sessions, session => Assert.DoesNotContain(session.GetEvents(), e => e.Kind == BudgetEventKind.SharedStoreUnavailable));
        Assert.All(sessions, session => Assert.Contains(session.GetEvents(), e => e.Kind == BudgetEventKind.SharedBudgetRefused && e.Name == tenant.ToString()));
    }

    [Fact]
    public async Task An_unreachable_redis_fails_closed_through_the_session_and_charges_nothing()
    {
        await using var connection = await RedisServerFixture.ConnectUncheckedAsync("127.0.0.1:" + FreePort(), timeoutMs: 500);
        var store = new RedisBudgetStore(connection, new RedisBudgetStoreOptions { KeyPrefix = "down-" + Guid.NewGuid().ToString("N") });
        var tenant = new BudgetScope(BudgetScopeKey.Tenant("acme"), Money.FromDollars(0.05m), BudgetPeriod.Monthly);
        await using var session = NewBudget().StartSession(new SharedBudgetGate(store, [tenant]));

        var error = await Assert.ThrowsAsync<BudgetStoreUnavailableException>(async () => await session.ReserveLlmCallAsync("test-4o", 1000, 500));

        Assert.StartsWith("The Redis budget store is unavailable during reserve:", error.Message);
        Assert.Equal((Money.Zero, Money.Zero), (session.Spent, session.Reserved));
        var notice = Assert.Single(session.GetEvents(), e => e.Kind == BudgetEventKind.SharedStoreUnavailable);
        Assert.Equal(("test-4o", Money.FromDollars(0.0075m)), (notice.Name, notice.Amount));
        Assert.StartsWith("The shared budget store is unavailable; the call was refused (fail closed) and nothing was charged.", notice.Detail);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class OneModelCatalog(ModelPrice price) : IPriceCatalog
    {
        public bool TryGetPrice(string model, [NotNullWhen(true)] out ModelPrice? found)
        {
            found = model == price.ModelId ? price : null;
            return found is not null;
        }
    }
}
