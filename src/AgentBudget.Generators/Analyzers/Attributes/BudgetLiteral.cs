namespace AgentBudget.Generators.Analyzers.Attributes;

/// <summary>
/// The analyzers' entry point to the budget-literal rules. It delegates to the rules the runtime parser uses, so
/// that a literal accepted at compile time is never rejected at run time and vice versa.
/// </summary>
internal static class BudgetLiteral
{
    /// <summary>Why <paramref name="text"/> is not a valid budget, or null when it is one.</summary>
    public static string? ValidateBudget(string? text) => BudgetLiteralRulesPending.Validate(text, allowZero: false);

    /// <summary>Why <paramref name="text"/> is not a valid tool cost (zero allowed: a free tool still counts calls), or null.</summary>
    public static string? ValidateToolCost(string? text) => BudgetLiteralRulesPending.Validate(text, allowZero: true);
}
