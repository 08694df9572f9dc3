using System;

namespace AgentBudget.Distributed;

/// <summary>The answer to <see cref="IBudgetStore.ReserveAsync"/>: admitted, or refused by a named scope.</summary>
public sealed class BudgetReservationResult
{
    private BudgetReservationResult(string reservationId, bool isAdmitted, DateTimeOffset? expiresAt, BudgetUsage? refusedBy, bool isEmergency)
    {
        ReservationId = reservationId;
        IsAdmitted = isAdmitted;
        ExpiresAt = expiresAt;
        RefusedBy = refusedBy;
        IsEmergency = isEmergency;
    }

    /// <summary>The reservation id the caller supplied.</summary>
    public string ReservationId { get; }

    /// <summary>True when the amount is now held in every scope; settle or release it.</summary>
    public bool IsAdmitted { get; }

    /// <summary>When an admitted reservation stops holding money if it is neither settled nor released.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>
    /// For a refusal, the first scope (in the order given) that could not fit the amount, with its usage at the moment
    /// of the decision; <see cref="BudgetUsage.Remaining"/> says how much that scope had left.
    /// </summary>
    public BudgetUsage? RefusedBy { get; }

    /// <summary>
    /// True when the shared store was unreachable and the reservation was admitted against the local emergency cap
    /// (fail-open policy); such spend is not in the shared counters.
    /// </summary>
    public bool IsEmergency { get; }

    /// <summary>An admitted reservation.</summary>
    public static BudgetReservationResult Admitted(string reservationId, DateTimeOffset expiresAt, bool isEmergency = false)
        => new(reservationId, true, expiresAt, null, isEmergency);

    /// <summary>A refusal by <paramref name="refusedBy"/>.</summary>
    public static BudgetReservationResult Refused(string reservationId, BudgetUsage refusedBy, bool isEmergency = false)
        => new(reservationId, false, null, refusedBy ?? throw new ArgumentNullException(nameof(refusedBy)), isEmergency);

    /// <summary>Formats as <c>admitted r1</c> or <c>refused r1 by user:alice daily $5.000000 (remaining $0.010000)</c>.</summary>
    public override string ToString() => IsAdmitted
        ? "admitted " + ReservationId
        : "refused " + ReservationId + " by " + RefusedBy!.Scope + " (remaining " + RefusedBy.Remaining + ")";
}
