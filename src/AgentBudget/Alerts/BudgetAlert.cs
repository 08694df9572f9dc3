using System.Globalization;
using AgentBudget.Reporting;

namespace AgentBudget;

/// <summary>An alert raised by a session: the event plus the session's money at that moment.</summary>
public sealed class BudgetAlert
{
    internal BudgetAlert(BudgetSession session, BudgetEvent budgetEvent)
    {
        Session = session;
        Event = budgetEvent;
        Spent = session.Spent;
        Reserved = session.Reserved;
        Limit = session.Limit;
        Remaining = session.Remaining;
        IdempotencyKey = session.Id + ":" + budgetEvent.Sequence.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The session that raised the alert.</summary>
    public BudgetSession Session { get; }

    /// <summary>The session id.</summary>
    public string SessionId => Session.Id;

    /// <summary>The event (kind, time, amount, name, reason).</summary>
    public BudgetEvent Event { get; }

    /// <summary>The kind of alert.</summary>
    public BudgetEventKind Kind => Event.Kind;

    /// <summary>A key unique to this alert (session id and event sequence): receivers use it to drop duplicate deliveries.</summary>
    public string IdempotencyKey { get; }

    /// <summary>Settled spend when the alert was raised.</summary>
    public Money Spent { get; }

    /// <summary>Outstanding reservations when the alert was raised.</summary>
    public Money Reserved { get; }

    /// <summary>The session's hard limit.</summary>
    public Money Limit { get; }

    /// <summary>What was left when the alert was raised.</summary>
    public Money Remaining { get; }

    /// <summary>A full report of the session, taken now.</summary>
    public BudgetReport Report() => Session.Report();
}
