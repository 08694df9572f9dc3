using System;

namespace AgentBudget.Distributed;

/// <summary>Things a budget store reports about itself, beyond the results of the calls.</summary>
public enum StoreEventKind
{
    /// <summary>The shared store could not be reached; the operation failed (fail closed) or fell back (fail open).</summary>
    StoreUnavailable,

    /// <summary>The shared store answered again after being unavailable.</summary>
    StoreRecovered,

    /// <summary>A reservation was admitted against the local emergency cap while the shared store was unavailable.</summary>
    EmergencyAdmitted,

    /// <summary>A reservation was refused because the local emergency cap (or a scope limit counted locally) was used up.</summary>
    EmergencyRefused,

    /// <summary>An emergency reservation was settled locally; its cost is not in the shared counters (reconcile it).</summary>
    EmergencySettled,

    /// <summary>Expired reservations were reclaimed: their held money went back to their scopes.</summary>
    ReservationsReclaimed,

    /// <summary>A settle repeated an idempotency key that was already applied; nothing was charged twice.</summary>
    DuplicateSettle,

    /// <summary>A call was settled after its reservation had expired or been released; its cost was recorded anyway.</summary>
    SettledAfterHoldEnded,

    /// <summary>A call cost more than it reserved; the actual cost was recorded and may take a scope over its limit.</summary>
    SettledAboveReservation,
}

/// <summary>One event from a budget store.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Timestamp">When, by the store's <see cref="TimeProvider"/>.</param>
/// <param name="Message">A human-readable description.</param>
public sealed record StoreEvent(StoreEventKind Kind, DateTimeOffset Timestamp, string Message)
{
    /// <summary>The reservation concerned, if any.</summary>
    public string? ReservationId { get; init; }

    /// <summary>The amount concerned (reserved, settled or reclaimed), if any.</summary>
    public Money? Amount { get; init; }

    /// <summary>How many items were concerned (e.g. reservations reclaimed); zero when not applicable.</summary>
    public int Count { get; init; }

    /// <summary>The transport error behind a <see cref="StoreEventKind.StoreUnavailable"/> event.</summary>
    public Exception? Exception { get; init; }
}
