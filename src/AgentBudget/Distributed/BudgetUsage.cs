namespace AgentBudget.Distributed;

/// <summary>The state of one scope in its current window.</summary>
/// <param name="Scope">The scope.</param>
/// <param name="Window">The window the figures belong to.</param>
/// <param name="Settled">Actual spend recorded in the window (it may exceed the limit: a paid call is always recorded).</param>
/// <param name="Reserved">Money held by reservations that are neither settled, released nor expired.</param>
public sealed record BudgetUsage(BudgetScope Scope, BudgetWindow Window, Money Settled, Money Reserved)
{
    /// <summary>
    /// What is left for new reservations: the limit minus settled minus reserved. Negative when settled calls cost more
    /// than their reservations and the scope went over its limit.
    /// </summary>
    public Money Remaining => Scope.Limit - Settled - Reserved;
}
