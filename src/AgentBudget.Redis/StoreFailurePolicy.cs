namespace AgentBudget.Redis;

/// <summary>What a <see cref="RedisBudgetStore"/> does with a reservation when Redis cannot be reached.</summary>
public enum StoreFailurePolicy
{
    /// <summary>
    /// Refuse: <see cref="RedisBudgetStore.ReserveAsync"/> throws <see cref="AgentBudget.Distributed.BudgetStoreUnavailableException"/>.
    /// No unbudgeted money is spent; agents stop while Redis is down. The default.
    /// </summary>
    FailClosed,

    /// <summary>
    /// Admit against a local, per-process emergency ledger capped at <see cref="RedisBudgetStoreOptions.EmergencyCap"/>
    /// (each scope's limit is also enforced against what this process spent in emergency mode). Agents keep working
    /// for a bounded amount; the spend is reported in <see cref="AgentBudget.Distributed.StoreEventKind.EmergencySettled"/>
    /// events and is not in the shared counters.
    /// </summary>
    FailOpen,
}
