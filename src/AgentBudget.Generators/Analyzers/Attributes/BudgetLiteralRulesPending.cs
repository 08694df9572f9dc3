namespace AgentBudget.Generators.Analyzers.Attributes;

// PENDING: replaced by src/Shared/Budgeting/BudgetAmountRules.cs (runtime branch) as soon as it is merged; this file
// must not survive that merge. It follows issue 2's list of accepted and rejected budget strings.
internal static class BudgetLiteralRulesPending
{
    private const int MaxDecimals = 12;

    public static string? Validate(string? text, bool allowZero)
    {
        if (text is null || text.Trim().Length == 0)
        {
            return "it is empty";
        }

        var value = text.Trim();
        if (value.StartsWith("$", System.StringComparison.Ordinal))
        {
            value = value.Substring(1);
            if (value.StartsWith("$", System.StringComparison.Ordinal))
            {
                return "it has more than one '$'";
            }
        }

        if (value.Length == 0)
        {
            return "it has no amount after the '$'";
        }

        if (value.IndexOf(',') >= 0)
        {
            return "it contains a comma (write 1000.50, not 1,000.50 or 5,00)";
        }

        if (value.StartsWith("-", System.StringComparison.Ordinal))
        {
            return "it is negative";
        }

        var digits = 0;
        var decimals = -1;
        var nonZero = false;
        foreach (var c in value)
        {
            if (c == '.')
            {
                if (decimals >= 0)
                {
                    return "it is not a number";
                }

                decimals = 0;
                continue;
            }

            if (c is < '0' or > '9')
            {
                return char.IsLetter(c) || char.IsDigit(c) ? "it is not a number" : "it uses a currency symbol or character other than '$'";
            }

            digits++;
            nonZero |= c != '0';
            if (decimals >= 0)
            {
                decimals++;
            }
        }

        if (digits == 0)
        {
            return "it is not a number";
        }

        if (decimals > MaxDecimals)
        {
            return "it has more than 12 decimal places";
        }

        if (!nonZero && !allowZero)
        {
            return "it must be greater than zero";
        }

        return null;
    }
}
