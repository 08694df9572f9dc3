using AgentBudget.Distributed;

namespace AgentBudget.Redis.Tests.Contract;

public sealed class InMemoryBudgetStoreTests : BudgetStoreContractTests
{
    protected override IBudgetStore CreateStore() => new InMemoryBudgetStore(Clock);
}
