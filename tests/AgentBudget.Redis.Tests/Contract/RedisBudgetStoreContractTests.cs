using AgentBudget.Distributed;
using AgentBudget.Redis.Tests.Infrastructure;

namespace AgentBudget.Redis.Tests.Contract;

[Collection(RedisCollection.Name)]
public sealed class RedisBudgetStoreContractTests(RedisServerFixture redis) : BudgetStoreContractTests
{
    // Each test gets its own key prefix, i.e. its own ledger in the shared server.
    protected override IBudgetStore CreateStore() => new RedisBudgetStore(redis.Inspector, new RedisBudgetStoreOptions
    {
        KeyPrefix = "contract-" + Guid.NewGuid().ToString("N"),
        TimeProvider = Clock,
        // The tests' clock is fixed in 2026 while Redis expires keys by its own clock; a century of retention keeps a
        // counter from being deleted on arrival when the suite runs after its windows' real retention has passed.
        UsageRetention = TimeSpan.FromDays(36_500),
    });
}
