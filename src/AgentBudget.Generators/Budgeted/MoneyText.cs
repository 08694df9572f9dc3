using System;
using System.Globalization;

namespace AgentBudget.Generators.Budgeted;

/// <summary>
/// Parses dollar amounts at compile time exactly (decimal, invariant culture) into picodollars, the unit of
/// <c>AgentBudget.Money</c>. Never goes through <see cref="double"/>, so <c>0.01</c> is exactly one cent.
/// </summary>
internal static class MoneyText
{
    private const decimal PicodollarsPerDollar = 1_000_000_000_000m;

    /// <summary>
    /// Parses <c>"$5.00"</c>, <c>"5"</c>, <c>" 5.00 "</c> with the runtime's own budget rules (shared source), so a
    /// string the generator accepts is exactly one that <c>BudgetAmount.Parse</c> accepts; zero only where allowed.
    /// </summary>
    public static bool TryParseDollars(string? text, bool allowZero, out long picodollars)
    {
        if (AgentBudget.Shared.BudgetAmountRules.TryParse(text, out var dollars, out _))
        {
            return TryToPicodollars(dollars, allowZero, out picodollars);
        }

        picodollars = 0;
        return allowZero && IsZeroAmount(text);
    }

    // "0", "$0", "0.00": the budget rules refuse zero (a zero budget is a mistake), but a free tool is legitimate.
    private static bool IsZeroAmount(string? text)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.StartsWith("$", StringComparison.Ordinal))
        {
            trimmed = trimmed.Substring(1);
        }

        var digits = 0;
        var points = 0;
        foreach (var c in trimmed)
        {
            if (c == '0')
            {
                digits++;
            }
            else if (c == '.')
            {
                points++;
            }
            else
            {
                return false;
            }
        }

        return digits > 0 && points <= 1;
    }

    /// <summary>
    /// Parses the source text of a numeric literal (<c>0.01</c>, <c>0.01d</c>, <c>1e-2</c>, <c>5m</c>) exactly.
    /// </summary>
    public static bool TryParseLiteral(string literalText, bool allowZero, out long picodollars)
    {
        picodollars = 0;
        var text = literalText.Replace("_", string.Empty);
        if (text.Length > 0 && "dDfFmM".IndexOf(text[text.Length - 1]) >= 0)
        {
            text = text.Substring(0, text.Length - 1);
        }

        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var dollars))
        {
            return false;
        }

        return TryToPicodollars(dollars, allowZero, out picodollars);
    }

    private static bool TryToPicodollars(decimal dollars, bool allowZero, out long picodollars)
    {
        picodollars = 0;
        if (dollars < 0 || (!allowZero && dollars == 0))
        {
            return false;
        }

        try
        {
            var scaled = dollars * PicodollarsPerDollar;
            if (scaled != decimal.Truncate(scaled) || scaled > long.MaxValue)
            {
                return false;
            }

            picodollars = (long)scaled;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
