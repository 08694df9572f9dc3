using System;
using AgentBudget.Pricing;

namespace AgentBudget;

/// <summary>Flags describing a charge.</summary>
[Flags]
public enum BudgetEventFlags
{
    /// <summary>Nothing special.</summary>
    None = 0,

    /// <summary>The amount is an estimate (for example a stream that ended without usage data).</summary>
    Estimate = 1,

    /// <summary>The call was marked as the final step and may use the finalization reserve.</summary>
    FinalStep = 2,

    /// <summary>The model had no known price; the call was recorded without a dollar amount.</summary>
    Unpriced = 4,

    /// <summary>The model had no known price; the fallback price was charged.</summary>
    FallbackPrice = 8,

    /// <summary>The cost was reported by the provider rather than computed from the price table.</summary>
    ProviderReported = 16,

    /// <summary>The charge was rolled up from a child session.</summary>
    FromChild = 32,
}

/// <summary>One entry of a session's event log. A value type, so that recording it allocates nothing.</summary>
public readonly struct BudgetEvent
{
    /// <summary>Creates an event.</summary>
    public BudgetEvent(long sequence, BudgetEventKind kind, DateTimeOffset timestamp, Money amount, string? name,
        TokenUsage usage, BudgetEventFlags flags, TerminationReason? reason, ulong fingerprint)
        : this(sequence, kind, timestamp, amount, name, usage, flags, reason, fingerprint, detail: null)
    {
    }

    /// <summary>Creates an event with a human-readable detail (notices).</summary>
    public BudgetEvent(long sequence, BudgetEventKind kind, DateTimeOffset timestamp, Money amount, string? name,
        TokenUsage usage, BudgetEventFlags flags, TerminationReason? reason, ulong fingerprint, string? detail)
    {
        Sequence = sequence;
        Kind = kind;
        Timestamp = timestamp;
        Amount = amount;
        Name = name;
        Usage = usage;
        Flags = flags;
        Reason = reason;
        Fingerprint = fingerprint;
        Detail = detail;
    }

    /// <summary>Position of the event in its session, from 1; unique within the session (also across dropped events).</summary>
    public long Sequence { get; }

    /// <summary>What happened.</summary>
    public BudgetEventKind Kind { get; }

    /// <summary>When it happened, from the session's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The money involved: the charge, the reservation, or the requested amount of a refused call.</summary>
    public Money Amount { get; }

    /// <summary>The tool or model name, or the child session id for child events.</summary>
    public string? Name { get; }

    /// <summary>Token counts of an LLM charge (all zero otherwise).</summary>
    public TokenUsage Usage { get; }

    /// <summary>Flags such as <see cref="BudgetEventFlags.Estimate"/>.</summary>
    public BudgetEventFlags Flags { get; }

    /// <summary>For limit, loop and termination events: why.</summary>
    public TerminationReason? Reason { get; }

    /// <summary>The argument/prompt fingerprint of the call, 0 when none.</summary>
    public ulong Fingerprint { get; }

    /// <summary>A human-readable detail of a notice (for example the model a call was degraded to); null otherwise.</summary>
    public string? Detail { get; }

    /// <summary>True when the amount is an estimate.</summary>
    public bool IsEstimate => (Flags & BudgetEventFlags.Estimate) != 0;

    /// <summary>True when the call was marked as the final step.</summary>
    public bool IsFinalStep => (Flags & BudgetEventFlags.FinalStep) != 0;
}
