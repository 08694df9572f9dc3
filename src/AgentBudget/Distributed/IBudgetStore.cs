using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBudget.Distributed;

/// <summary>
/// A ledger of budgets shared by every session that uses it: in one process (<see cref="InMemoryBudgetStore"/>) or
/// across a fleet (the Redis store in the <c>AgentBudget.Redis</c> package).
/// </summary>
/// <remarks>
/// <para>The protocol for one paid call: <see cref="ReserveAsync"/> an upper estimate before the call; if admitted, make
/// the call and <see cref="SettleAsync"/> its actual cost, or <see cref="ReleaseAsync"/> the hold if the call was never
/// made. Admission is atomic across every scope of the call, so the sum of settled spend and outstanding reservations in
/// a scope never passes its limit however many processes race (the only overshoot is a call whose actual cost exceeds
/// its own reservation, which is recorded truthfully).</para>
/// <para>A reservation that is neither settled nor released stops holding money after its time-to-live, so a crashed
/// process does not lock a budget forever; a later settle of it still records the cost.</para>
/// </remarks>
public interface IBudgetStore
{
    /// <summary>Events about the store itself: unavailability, fail-open admissions, reclaimed reservations, duplicates.</summary>
    IObservable<StoreEvent> Events { get; }

    /// <summary>
    /// Holds <paramref name="amount"/> in every scope of <paramref name="scopes"/>, or in none: the call is admitted only
    /// when settled + reserved + amount stays within the limit of each scope's current window.
    /// </summary>
    /// <param name="scopes">The budgets the call must fit, e.g. session, user daily and tenant monthly. No two may share key and period.</param>
    /// <param name="amount">The amount to hold, usually an upper estimate of the call's cost.</param>
    /// <param name="reservationId">A unique id for this reservation, chosen by the caller (it names the reservation in later calls).</param>
    /// <param name="ttl">How long the hold lasts if the reservation is neither settled nor released.</param>
    /// <param name="cancellationToken">Cancels waiting for the answer; the reservation may still have been made and then expires.</param>
    /// <exception cref="BudgetStoreUnavailableException">The store is unreachable and the failure policy is fail closed.</exception>
    /// <exception cref="InvalidOperationException">A reservation with this id already exists.</exception>
    ValueTask<BudgetReservationResult> ReserveAsync(
        IReadOnlyList<BudgetScope> scopes, Money amount, string reservationId, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the actual cost of a reserved call and returns its hold. The actual cost is recorded even when it exceeds
    /// the reservation or the limit (a paid call is never dropped). Idempotent by <paramref name="idempotencyKey"/>: a retry
    /// with the same key after a timeout charges nothing more.
    /// </summary>
    /// <exception cref="BudgetStoreUnavailableException">The store is unreachable; retry with the same idempotency key.</exception>
    ValueTask<BudgetSettleResult> SettleAsync(
        string reservationId, Money actual, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Returns the hold of a reservation whose call was not made (or not paid for).</summary>
    /// <exception cref="BudgetStoreUnavailableException">The store is unreachable; the hold will expire by itself.</exception>
    ValueTask<ReleaseOutcome> ReleaseAsync(string reservationId, CancellationToken cancellationToken = default);

    /// <summary>The settled and reserved amounts of <paramref name="scope"/> in its current window.</summary>
    /// <exception cref="BudgetStoreUnavailableException">The store is unreachable.</exception>
    ValueTask<BudgetUsage> GetUsageAsync(BudgetScope scope, CancellationToken cancellationToken = default);
}
