using System;
using Microsoft.Extensions.Logging;

namespace AgentBudget.Extensions.Hosting;

/// <summary>Writes a session's alerts to an <see cref="ILogger"/> with source-generated, allocation-free log methods.</summary>
public sealed partial class BudgetAlertLogger : IBudgetEventSink
{
    private readonly ILogger _logger;
    private readonly string _budgetName;

    /// <summary>Creates the sink.</summary>
    public BudgetAlertLogger(ILogger logger, string budgetName)
    {
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _budgetName = budgetName ?? string.Empty;
    }

    /// <inheritdoc />
    public void Publish(BudgetAlert alert)
    {
        if (alert is null)
        {
            return;
        }

        var spent = alert.Spent.ToString();
        var limit = alert.Limit.ToString();
        switch (alert.Kind)
        {
            case BudgetEventKind.SoftLimit:
                SoftLimit(_logger, _budgetName, alert.SessionId, spent, limit);
                break;
            case BudgetEventKind.HardLimit:
                HardLimit(_logger, _budgetName, alert.SessionId, spent, limit, alert.Event.Name ?? "-");
                break;
            case BudgetEventKind.LoopDetected:
                LoopDetected(_logger, _budgetName, alert.SessionId, alert.Event.Name ?? "-", spent, limit);
                break;
            case BudgetEventKind.UnknownModel:
                UnknownModel(_logger, _budgetName, alert.SessionId, alert.Event.Name ?? "-");
                break;
            case BudgetEventKind.SharedBudgetRefused or BudgetEventKind.SharedStoreUnavailable or BudgetEventKind.EmergencyAdmission:
                SharedBudget(_logger, _budgetName, alert.SessionId, alert.Kind.ToSnakeCase(), alert.Event.Name ?? "-", alert.Event.Detail ?? "-");
                break;
            default:
                LimitExceeded(_logger, _budgetName, alert.SessionId, alert.Event.Reason?.ToSnakeCase() ?? alert.Kind.ToSnakeCase(), spent, limit);
                break;
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning,
        Message = "Budget {BudgetName}, session {SessionId}: soft limit reached, spent {Spent} of {Limit}")]
    private static partial void SoftLimit(ILogger logger, string budgetName, string sessionId, string spent, string limit);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error,
        Message = "Budget {BudgetName}, session {SessionId}: hard limit reached, spent {Spent} of {Limit} (call {CallName})")]
    private static partial void HardLimit(ILogger logger, string budgetName, string sessionId, string spent, string limit, string callName);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error,
        Message = "Budget {BudgetName}, session {SessionId}: loop detected on {CallName}, spent {Spent} of {Limit}")]
    private static partial void LoopDetected(ILogger logger, string budgetName, string sessionId, string callName, string spent, string limit);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning,
        Message = "Budget {BudgetName}, session {SessionId}: model {Model} has no known price")]
    private static partial void UnknownModel(ILogger logger, string budgetName, string sessionId, string model);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning,
        Message = "Budget {BudgetName}, session {SessionId}: {Notice} on {Subject}: {Detail}")]
    private static partial void SharedBudget(ILogger logger, string budgetName, string sessionId, string notice, string subject, string detail);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error,
        Message = "Budget {BudgetName}, session {SessionId}: stopped by {Reason}, spent {Spent} of {Limit}")]
    private static partial void LimitExceeded(ILogger logger, string budgetName, string sessionId, string reason, string spent, string limit);
}
