using AgentBudget.Shared;

namespace AgentBudget.Generators.Analyzers.Attributes;

/// <summary>
/// The analyzers' entry point to the budget-amount rules. It calls the rules the runtime parser uses
/// (<see cref="BudgetAmountRules"/>, shared source), so a literal accepted at compile time is never rejected at run
/// time and vice versa.
/// </summary>
internal static class BudgetLiteral
{
    private const string ReasonMarker = "is not valid: ";

    /// <summary>The runtime's full error for <paramref name="text"/> as a budget, or null when it is a valid budget.</summary>
    public static string? ValidateBudget(string? text) =>
        BudgetAmountRules.TryParse(text, out _, out var error) ? null : error;

    /// <summary>
    /// Why <paramref name="text"/> is not a valid tool cost, or null. A tool cost follows the budget rules except that
    /// zero is allowed: a free tool still counts calls and takes part in loop detection.
    /// </summary>
    public static string? ValidateToolCost(string? text)
    {
        if (BudgetAmountRules.TryParse(text, out _, out var error) || IsZeroAmount(text))
        {
            return null;
        }

        return ReasonOnly(error);
    }

    /// <summary>The reason part of a <see cref="BudgetAmountRules"/> error ("it has more than 12 decimal places").</summary>
    private static string? ReasonOnly(string? error)
    {
        if (error is null)
        {
            return null;
        }

        var marker = error.IndexOf(ReasonMarker, System.StringComparison.Ordinal);
        var reason = marker < 0 ? error : error.Substring(marker + ReasonMarker.Length);
        return reason.TrimEnd('.');
    }

    // "0", "$0", "0.00", " $0.0 " — the shape the rules accept, with the value zero.
    private static bool IsZeroAmount(string? text)
    {
        if (text is null)
        {
            return false;
        }

        var value = text.Trim();
        if (value.StartsWith("$", System.StringComparison.Ordinal))
        {
            value = value.Substring(1);
        }

        var point = value.IndexOf('.');
        var integer = point < 0 ? value : value.Substring(0, point);
        var fraction = point < 0 ? "0" : value.Substring(point + 1);
        return integer.Length > 0 && fraction.Length is > 0 and <= BudgetAmountRules.MaxDecimalPlaces
            && IsAll(integer, '0') && IsAll(fraction, '0');
    }

    private static bool IsAll(string text, char c)
    {
        foreach (var character in text)
        {
            if (character != c)
            {
                return false;
            }
        }

        return true;
    }
}
