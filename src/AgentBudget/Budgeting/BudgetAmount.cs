using System;
using AgentBudget.Shared;

namespace AgentBudget;

/// <summary>
/// Parses budget amounts such as <c>"$5.00"</c>, <c>"5"</c> or <c>"0.50"</c> into exact <see cref="Money"/>,
/// independent of the current culture. The same rules are applied at compile time by the AgentBudget analyzer.
/// </summary>
public static class BudgetAmount
{
    /// <summary>
    /// Parses a budget string. Throws <see cref="ArgumentException"/> quoting the input when it is empty, zero,
    /// negative, not a plain US-dollar amount (<c>"$$5"</c>, <c>"5abc"</c>, <c>"1,000"</c>, <c>"€5"</c>, <c>"NaN"</c>…),
    /// has more than twelve decimal places or exceeds <see cref="Money.MaxValue"/>.
    /// </summary>
    public static Money Parse(string text)
    {
        if (!TryParse(text, out var money, out var error))
        {
            throw new ArgumentException(error, nameof(text));
        }

        return money;
    }

    /// <summary>Validates a budget given as a number, for example <c>5.00m</c>; same rules as <see cref="Parse(string)"/>.</summary>
    public static Money Parse(decimal amount)
    {
        if (!BudgetAmountRules.TryValidate(amount, out var error))
        {
            throw new ArgumentException(error, nameof(amount));
        }

        return Money.FromDollars(amount);
    }

    /// <summary>Parses a budget string without throwing; <paramref name="error"/> explains a failure and quotes the input.</summary>
    public static bool TryParse(string? text, out Money money, out string? error)
    {
        if (BudgetAmountRules.TryParse(text, out var amount, out error))
        {
            money = Money.FromDollars(amount);
            return true;
        }

        money = Money.Zero;
        return false;
    }
}
