namespace AgentBudget.Distributed;

/// <summary>What <see cref="IBudgetStore.SettleAsync"/> did.</summary>
public enum SettleOutcome
{
    /// <summary>The held amount was returned and the actual cost was recorded.</summary>
    Settled,

    /// <summary>
    /// The reservation had already expired or been released (its hold was returned), but the call was paid for, so the
    /// actual cost was recorded all the same.
    /// </summary>
    SettledAfterHoldEnded,

    /// <summary>The idempotency key was seen before: a retry of a settle that already happened; nothing was charged.</summary>
    Duplicate,

    /// <summary>The reservation was already settled under another idempotency key; nothing was charged.</summary>
    AlreadySettled,

    /// <summary>The store has no record of the reservation (never made, or forgotten after its retention); nothing was charged.</summary>
    UnknownReservation,
}

/// <summary>The answer to <see cref="IBudgetStore.SettleAsync"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Charged">What this call added to the settled spend of each scope (zero for a duplicate).</param>
public sealed record BudgetSettleResult(SettleOutcome Outcome, Money Charged);

/// <summary>What <see cref="IBudgetStore.ReleaseAsync"/> did.</summary>
public enum ReleaseOutcome
{
    /// <summary>The held amount was returned to every scope.</summary>
    Released,

    /// <summary>The reservation was already released.</summary>
    AlreadyReleased,

    /// <summary>The reservation had expired and its hold had already been returned.</summary>
    Expired,

    /// <summary>The reservation was settled; a release cannot undo a recorded cost.</summary>
    AlreadySettled,

    /// <summary>The store has no record of the reservation.</summary>
    UnknownReservation,
}
