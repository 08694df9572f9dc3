using System;
using AgentBudget.Reporting;

namespace AgentBudget.Alerts;

/// <summary>The JSON body a <see cref="WebhookAlertSink"/> posts for one alert.</summary>
public sealed class WebhookPayload
{
    /// <summary>The alert kind in snake_case: <c>soft_limit</c>, <c>hard_limit</c>, <c>loop_detected</c>, <c>limit_exceeded</c>, <c>unknown_model</c>.</summary>
    public string EventType { get; init; } = string.Empty;

    /// <summary>Unique per alert; the same on every retry of that alert (also sent as the <c>Idempotency-Key</c> header).</summary>
    public string IdempotencyKey { get; init; } = string.Empty;

    /// <summary>The session that raised the alert.</summary>
    public string SessionId { get; init; } = string.Empty;

    /// <summary>When the alert was raised.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The amount of the event in dollars.</summary>
    public decimal Amount { get; init; }

    /// <summary>The tool or model involved, when any.</summary>
    public string? Name { get; init; }

    /// <summary>Why the session stopped (snake_case), for limit and loop alerts.</summary>
    public string? Reason { get; init; }

    /// <summary>Spend when the alert was raised, in dollars.</summary>
    public decimal Spent { get; init; }

    /// <summary>The session's hard limit in dollars.</summary>
    public decimal Budget { get; init; }

    /// <summary>What was left, in dollars.</summary>
    public decimal Remaining { get; init; }

    /// <summary>The full session report at the time of the alert.</summary>
    public BudgetReport? Report { get; init; }
}
