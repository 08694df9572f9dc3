using System;

namespace AgentBudget.Distributed;

/// <summary>
/// One budget a call must fit: who it belongs to (<see cref="Key"/>), how much may be spent (<see cref="Limit"/>) and
/// how often that resets (<see cref="Period"/>). A call is admitted only when it fits every scope it is reserved against,
/// e.g. its session, its user's daily budget and its tenant's monthly budget.
/// </summary>
/// <remarks>
/// The limit travels with each call rather than being stored, so a store needs no configuration table; processes that
/// disagree on a limit each enforce their own view against the shared counters (keep the configuration in one place).
/// The same key may appear with different periods (a user's daily and monthly limits are two scopes with two counters).
/// </remarks>
public sealed record BudgetScope
{
    /// <summary>Creates a scope.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The limit is negative.</exception>
    public BudgetScope(BudgetScopeKey key, Money limit, BudgetPeriod period)
    {
        if (limit.IsNegative)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "A budget limit cannot be negative.");
        }

        Key = key ?? throw new ArgumentNullException(nameof(key));
        Limit = limit;
        Period = period ?? throw new ArgumentNullException(nameof(period));
    }

    /// <summary>Who the budget belongs to.</summary>
    public BudgetScopeKey Key { get; }

    /// <summary>The most that settled spend plus outstanding reservations may reach within one window.</summary>
    public Money Limit { get; }

    /// <summary>How often the budget resets.</summary>
    public BudgetPeriod Period { get; }

    /// <summary>Formats as <c>user:alice daily $5.000000</c>.</summary>
    public override string ToString() => Key + " " + Period + " " + Limit;
}
