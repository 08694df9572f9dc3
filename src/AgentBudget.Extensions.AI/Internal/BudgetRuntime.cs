using AgentBudget.Observability;
using AgentBudget.Pricing;

namespace AgentBudget.Extensions.AI.Internal;

/// <summary>What the middleware needs to know about a session beyond admitting and settling calls.</summary>
internal static class BudgetRuntime
{
    public static IPriceCatalog? CatalogOf(BudgetSession session) => session.Budget.Options.Prices;

    /// <summary>
    /// The price the session charges <paramref name="model"/> at: the catalog's, else the fallback price when the
    /// unknown-model policy says so, else none (the call is recorded unpriced). Mirrors the session's own pricing so
    /// that the cost metric equals the charge.
    /// </summary>
    public static ModelPrice? PriceOf(BudgetSession session, string model)
    {
        var options = session.Budget.Options;
        if (options.Prices is { } catalog && catalog.TryGetPrice(model, out var price))
        {
            return price;
        }

        return options.UnknownModels == UnknownModelPolicy.UseFallbackPrice ? options.FallbackPrice : null;
    }

    /// <summary>Records what a settled LLM or embedding charge cost, and the session's new utilization.</summary>
    public static void RecordCharge(AgentBudgetMetrics metrics, BudgetSession session, string model, in TokenUsage usage,
        string costKind, string? providerName, bool isEstimate)
    {
        var budgetName = metrics.BudgetNameOf(session);
        if (PriceOf(session, model) is { } price)
        {
            metrics.RecordCost(CostCalculator.Calculate(price, usage), costKind, model: model, providerName: providerName,
                budgetName: budgetName, isEstimate: isEstimate);
        }

        metrics.RecordBudgetState(session.Spent, session.Limit, budgetName);
    }

    public static void RecordToolCharge(AgentBudgetMetrics metrics, BudgetSession session, string toolName, Money cost)
    {
        var budgetName = metrics.BudgetNameOf(session);
        metrics.RecordCost(cost, AgentBudgetTelemetry.CostKinds.Tool, toolName: toolName, budgetName: budgetName);
        metrics.RecordBudgetState(session.Spent, session.Limit, budgetName);
    }

    /// <summary>
    /// Records a soft-limit model switch: a <see cref="BudgetEventKind.ModelDegraded"/> notice in the session (so the
    /// report shows it), plus the limit-event metric and activity event with the from/to models.
    /// </summary>
    public static void ReportDegrade(BudgetSession session, string fromModel, string toModel, AgentBudgetMetrics metrics)
    {
        session.RecordNotice(BudgetEventKind.ModelDegraded, fromModel, "soft limit reached: routed to " + toModel);
        metrics.RecordLimitEvent(AgentBudgetTelemetry.LimitEventKinds.ModelDegraded, metrics.BudgetNameOf(session), fromModel,
            "soft limit reached in session " + session.Id + ": " + fromModel + " routed to " + toModel,
            [
                new(AgentBudgetTelemetry.Attributes.DegradedFrom, fromModel),
                new(AgentBudgetTelemetry.Attributes.DegradedTo, toModel),
            ]);
    }
}
