using System.Text.Json;
using System.Text.Json.Serialization;
using AgentBudget.Alerts;

namespace AgentBudget.Reporting;

/// <summary>
/// Source-generated System.Text.Json metadata for reports and webhook payloads: no reflection, so it is safe under
/// trimming and native AOT. Property names are snake_case; decimals are written exactly.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(BudgetReport))]
[JsonSerializable(typeof(WebhookPayload))]
public sealed partial class BudgetReportJsonContext : JsonSerializerContext
{
    private static BudgetReportJsonContext? s_indented;

    /// <summary>The same context writing indented JSON.</summary>
    public static BudgetReportJsonContext Indented => s_indented ??= new BudgetReportJsonContext(new JsonSerializerOptions(Default.Options) { WriteIndented = true });
}
