using System;

namespace AgentBudget.Observability;

/// <summary>
/// Feeds a session's alerts into <see cref="AgentBudgetMetrics"/>: soft limit, hard limit, loop, breaker, unknown-model
/// and shared-budget (refused, store unavailable, emergency admission) alerts become <c>agentbudget.limit.events</c> measurements and <c>agentbudget.limit</c> activity
/// events, and refresh the utilization and remaining-money gauges. Add it to <see cref="BudgetOptions.AlertSinks"/>
/// (the hosting package does this for every configured budget).
/// </summary>
public sealed class AgentBudgetMetricsSink : IBudgetEventSink
{
    private readonly AgentBudgetMetrics _metrics;
    private readonly string? _budgetName;

    /// <summary>Creates a sink writing to <paramref name="metrics"/>, tagging measurements with <paramref name="budgetName"/>.</summary>
    public AgentBudgetMetricsSink(AgentBudgetMetrics metrics, string? budgetName = null)
    {
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _budgetName = budgetName;
    }

    /// <inheritdoc />
    public void Publish(BudgetAlert alert)
    {
        if (alert is null)
        {
            return;
        }

        var budgetName = _budgetName ?? _metrics.BudgetNameOf(alert.Session);
        var budgetEvent = alert.Event;
        _metrics.RecordLimitEvent(KindOf(budgetEvent), budgetName, budgetEvent.Name,
            MessageOf(alert));
        _metrics.RecordBudgetState(alert.Spent, alert.Limit, budgetName);
    }

    /// <summary>The <see cref="AgentBudgetTelemetry.LimitEventKinds"/> value of an alert's event.</summary>
    public static string KindOf(BudgetEvent budgetEvent) => budgetEvent.Kind switch
    {
        BudgetEventKind.SoftLimit => AgentBudgetTelemetry.LimitEventKinds.SoftLimit,
        BudgetEventKind.HardLimit => AgentBudgetTelemetry.LimitEventKinds.BudgetExhausted,
        BudgetEventKind.LoopDetected => AgentBudgetTelemetry.LimitEventKinds.LoopDetected,
        BudgetEventKind.UnknownModel => AgentBudgetTelemetry.LimitEventKinds.UnknownModel,
        BudgetEventKind.SharedBudgetRefused => AgentBudgetTelemetry.LimitEventKinds.SharedBudgetRefused,
        BudgetEventKind.SharedStoreUnavailable => AgentBudgetTelemetry.LimitEventKinds.SharedStoreUnavailable,
        BudgetEventKind.EmergencyAdmission => AgentBudgetTelemetry.LimitEventKinds.EmergencyAdmission,
        _ => AgentBudgetTelemetry.LimitEventKinds.OtherLimit,
    };

    private static string MessageOf(BudgetAlert alert)
    {
        var reason = alert.Event.Reason is { } r ? r.ToSnakeCase() : alert.Kind.ToSnakeCase();
        var detail = alert.Event.Detail is { } text ? " " + text : string.Empty;
        return "session " + alert.SessionId + ": " + reason + " (spent " + alert.Spent.ToString() + " of " + alert.Limit.ToString() + ")" + detail;
    }
}
