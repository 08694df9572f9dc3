using System;
using System.Globalization;
using AgentBudget.Distributed;

namespace AgentBudget;

/// <summary>Base of every exception AgentBudget throws to stop or refuse a call.</summary>
public abstract class BudgetException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected BudgetException(string message, TerminationReason reason, string sessionId, Money spent, Money limit)
        : base(message)
    {
        Reason = reason;
        SessionId = sessionId;
        Spent = spent;
        Limit = limit;
    }

    /// <summary>Why the call was refused.</summary>
    public TerminationReason Reason { get; }

    /// <summary>The session that refused the call.</summary>
    public string SessionId { get; }

    /// <summary>The session's settled spend when the call was refused.</summary>
    public Money Spent { get; }

    /// <summary>The session's hard limit.</summary>
    public Money Limit { get; }

    internal static string Format(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}

/// <summary>
/// A call did not fit in the budget (thrown <b>before</b> the money is spent), or the session is already exhausted.
/// </summary>
public sealed class BudgetExhaustedException : BudgetException
{
    /// <summary>Creates the exception.</summary>
    public BudgetExhaustedException(string sessionId, Money spent, Money reserved, Money limit, Money requested, string? callName)
        : base(Format("Budget exhausted in session {0}: {1}{2} would bring spend {3} plus reserved {4} above the limit {5}.",
            sessionId, requested, callName is null ? string.Empty : " for '" + callName + "'", spent, reserved, limit),
            TerminationReason.BudgetExhausted, sessionId, spent, limit)
    {
        Reserved = reserved;
        Requested = requested;
        CallName = callName;
    }

    /// <summary>
    /// Creates the exception for a call that fitted the session but was refused by a shared budget
    /// (<paramref name="refusedBy"/>: the scope and its usage when it refused).
    /// </summary>
    public BudgetExhaustedException(string sessionId, Money spent, Money reserved, Money limit, Money requested, string? callName,
        BudgetUsage refusedBy)
        : base(Format("Shared budget {0} exhausted (session {1}): {2}{3} would bring its settled {4} plus reserved {5} above its limit {6}.",
            (refusedBy ?? throw new ArgumentNullException(nameof(refusedBy))).Scope.Key + " " + refusedBy.Scope.Period,
            sessionId, requested, callName is null ? string.Empty : " for '" + callName + "'",
            refusedBy.Settled, refusedBy.Reserved, refusedBy.Scope.Limit),
            TerminationReason.BudgetExhausted, sessionId, spent, limit)
    {
        Reserved = reserved;
        Requested = requested;
        CallName = callName;
        RefusedBy = refusedBy;
    }

    /// <summary>
    /// When a shared budget refused the call: that scope and its settled and reserved money at the moment it refused.
    /// Null when the session's own limit refused it (<see cref="BudgetException.Spent"/> and
    /// <see cref="BudgetException.Limit"/> are always the session's).
    /// </summary>
    public BudgetUsage? RefusedBy { get; }

    /// <summary>The shared scope that refused the call, or null when the session's own limit did.</summary>
    public BudgetScope? SharedScope => RefusedBy?.Scope;

    /// <summary>Money held by outstanding reservations when the call was refused.</summary>
    public Money Reserved { get; }

    /// <summary>The cost (or worst-case estimate) of the refused call.</summary>
    public Money Requested { get; }

    /// <summary>The tool or model of the refused call, when known.</summary>
    public string? CallName { get; }
}

/// <summary>The same call repeated more often than allowed inside the loop window.</summary>
public sealed class LoopDetectedException : BudgetException
{
    /// <summary>Creates the exception.</summary>
    public LoopDetectedException(string sessionId, Money spent, Money limit, string callName, ulong fingerprint, int maxRepeatedCalls, TimeSpan window)
        : base(Format("Loop detected in session {0}: '{1}' (fingerprint {2:x16}) was called more than {3} times within {4} s.",
            sessionId, callName, fingerprint, maxRepeatedCalls, window.TotalSeconds),
            TerminationReason.LoopDetected, sessionId, spent, limit)
    {
        CallName = callName;
        Fingerprint = fingerprint;
        MaxRepeatedCalls = maxRepeatedCalls;
        Window = window;
    }

    /// <summary>The repeated tool or model.</summary>
    public string CallName { get; }

    /// <summary>The argument/prompt fingerprint of the repeated call (0 when the caller supplied none).</summary>
    public ulong Fingerprint { get; }

    /// <summary>The configured number of identical calls allowed inside the window.</summary>
    public int MaxRepeatedCalls { get; }

    /// <summary>The configured sliding window.</summary>
    public TimeSpan Window { get; }
}

/// <summary>A call named a model with no known price and the policy is <see cref="UnknownModelPolicy.Throw"/>.</summary>
public sealed class UnknownModelException : BudgetException
{
    /// <summary>Creates the exception.</summary>
    public UnknownModelException(string sessionId, Money spent, Money limit, string model)
        : base(Format("Unknown model '{0}' in session {1}: no price is known for it. Add it to the price table, or set "
            + "UnknownModels to RecordUnpriced or UseFallbackPrice.", model, sessionId),
            TerminationReason.UnknownModel, sessionId, spent, limit)
        => Model = model;

    /// <summary>The model name as the caller gave it.</summary>
    public string Model { get; }
}

/// <summary>A call, token or duration breaker ended the session.</summary>
public sealed class SessionLimitExceededException : BudgetException
{
    /// <summary>Creates the exception.</summary>
    public SessionLimitExceededException(string sessionId, Money spent, Money limit, TerminationReason reason, string detail)
        : base(Format("Session {0} stopped ({1}): {2}", sessionId, reason.ToSnakeCase(), detail), reason, sessionId, spent, limit)
    {
    }
}
