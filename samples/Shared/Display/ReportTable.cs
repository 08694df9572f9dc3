using System.Globalization;
using AgentBudget.Reporting;

namespace AgentBudget.Samples.Display;

/// <summary>Prints a <see cref="BudgetReport"/> as a readable table: spend per model and per tool, tokens, limit.</summary>
public static class ReportTable
{
    private const string Rule = "  +--------------------------------------+-------+----------+-----------+----------------+";

    /// <summary>Writes the table.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="title">A heading.</param>
    /// <param name="report">The report.</param>
    public static void Write(TextWriter output, string title, BudgetReport report)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        output.WriteLine("  " + title);
        output.WriteLine(Rule);
        output.WriteLine("  | " + "item".PadRight(36) + " | calls | tokens in| tokens out| cost (USD)     |");
        output.WriteLine(Rule);
        foreach (var (model, usage) in report.Breakdown.Llm.Models.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            Row(output, "LLM  " + model, usage.Calls, usage.InputTokens + usage.CachedInputTokens + usage.CacheWriteTokens,
                usage.OutputTokens + usage.ReasoningTokens, usage.Cost);
        }

        foreach (var (tool, usage) in report.Breakdown.Tools.ToolsDetail.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            Row(output, "tool " + tool, usage.Calls, null, null, usage.Cost);
        }

        output.WriteLine(Rule);
        Row(output, "total", report.Breakdown.Llm.Calls + report.Breakdown.Tools.Calls,
            report.Tokens.InputTokens + report.Tokens.CachedInputTokens + report.Tokens.CacheWriteTokens,
            report.Tokens.OutputTokens + report.Tokens.ReasoningTokens, report.TotalSpent);
        output.WriteLine(Rule);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  budget {Usd(report.Budget)}  spent {Usd(report.TotalSpent)}  remaining {Usd(report.Remaining)}  cached input tokens {report.Tokens.CachedInputTokens}  stopped by: {report.TerminatedBy ?? "nothing (completed)"}"));
    }

    private static void Row(TextWriter output, string item, long calls, long? tokensIn, long? tokensOut, decimal cost)
    {
        string Count(long? value) => value is null ? string.Empty : value.Value.ToString(CultureInfo.InvariantCulture);
        output.WriteLine("  | " + item.PadRight(36) + " | " + calls.ToString(CultureInfo.InvariantCulture).PadLeft(5)
            + " | " + Count(tokensIn).PadLeft(8) + " | " + Count(tokensOut).PadLeft(9) + " | " + Usd(cost).PadLeft(14) + " |");
    }

    // Reports carry exact decimal dollars; print every significant digit (at least six decimals).
    private static string Usd(decimal amount) => "$" + amount.ToString("0.000000######", CultureInfo.InvariantCulture);
}
