// This file is compiled into more than one assembly (the runtime and the analyzers), so it must stay
// self-contained: netstandard2.0 APIs only, no dependency on any other AgentBudget type.
using System.Globalization;

namespace AgentBudget.Shared;

/// <summary>
/// The one definition of what a budget amount may look like, shared by the runtime parser and the compile-time
/// analyzer so that a string the analyzer accepts can never fail at run time (and the reverse).
/// </summary>
/// <remarks>
/// Accepted: optional surrounding whitespace, an optional single leading <c>$</c>, ASCII digits, and an optional
/// <c>.</c> followed by one to <see cref="MaxDecimalPlaces"/> digits. Nothing else: no sign, no thousands separator,
/// no decimal comma, no exponent, no other currency, no <c>NaN</c>/<c>Infinity</c>. The amount must be above zero and
/// at most <see cref="MaxAmount"/> (the largest amount a 64-bit count of picodollars can hold).
/// </remarks>
internal static class BudgetAmountRules
{
    /// <summary>Picodollars are the unit of account, so twelve decimal places is the finest amount that is exact.</summary>
    public const int MaxDecimalPlaces = 12;

    /// <summary>The largest amount: <c>long.MaxValue</c> picodollars.</summary>
    public const decimal MaxAmount = 9_223_372.036854775807m;

    /// <summary>
    /// Parses a budget string. On success <paramref name="amount"/> holds the exact dollar amount and
    /// <paramref name="error"/> is null; on failure the amount is zero and the error quotes the input and says why.
    /// </summary>
    public static bool TryParse(string? text, out decimal amount, out string? error)
    {
        amount = 0m;
        if (text is null)
        {
            error = "A budget amount is required but was null.";
            return false;
        }

        var start = 0;
        var end = text.Length;
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (start == end)
        {
            error = Invalid(text, "it is empty; write an amount such as \"$5.00\"");
            return false;
        }

        var position = start;
        if (text[position] == '$')
        {
            position++;
        }

        if (position == end)
        {
            error = Invalid(text, "it has a dollar sign but no amount");
            return false;
        }

        var first = text[position];
        if (first == '-')
        {
            error = Invalid(text, "a budget cannot be negative");
            return false;
        }

        if (first == '$')
        {
            error = Invalid(text, "only one leading \"$\" is allowed");
            return false;
        }

        var integerDigits = 0;
        var fractionDigits = 0;
        var seenPoint = false;
        decimal integerPart = 0m;
        decimal fractionPart = 0m;
        decimal fractionScale = 1m;
        for (var i = position; i < end; i++)
        {
            var c = text[i];
            if (c >= '0' && c <= '9')
            {
                if (seenPoint)
                {
                    fractionDigits++;
                    if (fractionDigits > MaxDecimalPlaces)
                    {
                        error = Invalid(text, string.Format(CultureInfo.InvariantCulture,
                            "it has more than {0} decimal places, the finest amount AgentBudget keeps exactly", MaxDecimalPlaces));
                        return false;
                    }

                    fractionScale *= 10m;
                    fractionPart = (fractionPart * 10m) + (c - '0');
                }
                else
                {
                    integerDigits++;
                    // Leading zeros do not make an amount larger; any eighth significant digit exceeds the maximum.
                    if (integerPart >= 10_000_000m)
                    {
                        error = TooLarge(text);
                        return false;
                    }

                    integerPart = (integerPart * 10m) + (c - '0');
                }
            }
            else if (c == '.' && !seenPoint)
            {
                seenPoint = true;
            }
            else
            {
                error = Invalid(text, DescribeUnexpected(c));
                return false;
            }
        }

        if (integerDigits == 0)
        {
            error = Invalid(text, "it needs at least one digit before the decimal point, as in \"0.50\"");
            return false;
        }

        if (seenPoint && fractionDigits == 0)
        {
            error = Invalid(text, "it needs at least one digit after the decimal point");
            return false;
        }

        var value = integerPart + (fractionPart / fractionScale);
        if (value > MaxAmount)
        {
            error = TooLarge(text);
            return false;
        }

        if (value == 0m)
        {
            error = Invalid(text, "a budget must be more than zero");
            return false;
        }

        amount = value;
        error = null;
        return true;
    }

    /// <summary>Checks an amount given as a number (for example <c>5.00m</c>) against the same rules.</summary>
    public static bool TryValidate(decimal amount, out string? error)
    {
        var quoted = amount.ToString(CultureInfo.InvariantCulture);
        if (amount <= 0m)
        {
            error = Invalid(quoted, amount == 0m ? "a budget must be more than zero" : "a budget cannot be negative");
            return false;
        }

        if (amount > MaxAmount)
        {
            error = TooLarge(quoted);
            return false;
        }

        var scaled = amount * 1_000_000_000_000m;
        if (scaled != decimal.Truncate(scaled))
        {
            error = Invalid(quoted, string.Format(CultureInfo.InvariantCulture,
                "it has more than {0} decimal places, the finest amount AgentBudget keeps exactly", MaxDecimalPlaces));
            return false;
        }

        error = null;
        return true;
    }

    private static string DescribeUnexpected(char c) => c switch
    {
        ',' => "it contains a comma; write the amount without thousands separators and with a decimal point, as in \"1000.50\"",
        '.' => "it has more than one decimal point",
        '$' => "only one leading \"$\" is allowed",
        '-' or '+' => "a sign is not allowed inside an amount",
        _ when char.IsWhiteSpace(c) => "it contains whitespace inside the amount",
        _ => string.Format(CultureInfo.InvariantCulture,
            "'{0}' is not allowed; only digits, one decimal point and an optional leading \"$\" (US dollars) are", c),
    };

    private static string TooLarge(string text) => Invalid(text, string.Format(CultureInfo.InvariantCulture,
        "the largest supported amount is ${0}", MaxAmount));

    private static string Invalid(string text, string reason) => string.Format(CultureInfo.InvariantCulture,
        "The budget \"{0}\" is not valid: {1}.", text, reason);
}
