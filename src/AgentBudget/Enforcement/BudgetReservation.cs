using System;
using System.Threading;
using System.Threading.Tasks;
using AgentBudget.Distributed;
using AgentBudget.Pricing;

namespace AgentBudget;

/// <summary>
/// Money admitted for one call before it is made: its worst-case cost. Complete it exactly once with
/// <see cref="Settle"/> or <see cref="SettleUsage"/> (the actual cost is recorded even when it exceeds the estimate or
/// the limit: a paid call is never dropped) or <see cref="Release"/> (nothing charged). Completing it again, from this
/// value or any copy of it, does nothing. <see cref="Dispose"/> releases a reservation that was not completed.
/// </summary>
/// <remarks>
/// <para>On a session with a shared budget (<see cref="BudgetOptions.SharedBudget"/>) the reservation also holds its
/// amount in the shared scopes. The synchronous completions record locally at once and queue the shared settle or
/// release (applied in order in the background; <see cref="BudgetSession.DisposeAsync"/> waits for it); the
/// <c>…Async</c> completions record locally at once and then await the shared record. Either way, if the store cannot be
/// reached after the gate's retries, the local record stays and a <see cref="BudgetEventKind.SharedStoreUnavailable"/>
/// notice is recorded. Completing twice never reaches the store twice.</para>
/// <para>A value type, so reserving allocates nothing: the "completed once" state lives in a pooled slot of the session,
/// identified by a generation number that changes when the reservation completes, so stale copies cannot complete it
/// (or a later reservation that reuses the slot) again.</para>
/// </remarks>
public readonly struct BudgetReservation : IDisposable
{
    private readonly BudgetSession? _session;
    private readonly ReservationSlot? _slot;
    private readonly long _generation;
    private readonly long _amount;

    internal BudgetReservation(BudgetSession session, ReservationSlot slot, long generation, long amount)
    {
        _session = session;
        _slot = slot;
        _generation = generation;
        _amount = amount;
    }

    /// <summary>The money held for the call (its worst-case estimate).</summary>
    public Money Amount => Money.FromPicodollars(_amount);

    /// <summary>The session that admitted the call (null for <c>default</c>).</summary>
    public BudgetSession? Session => _session;

    /// <summary>True while the reservation holds money (not yet settled or released).</summary>
    public bool IsActive => _slot is not null && Volatile.Read(ref _slot.Generation) == _generation;

    /// <summary>Records the actual cost of the call, as reported by the provider or known to the caller.</summary>
    /// <returns>True when this call completed the reservation; false when it was already completed.</returns>
    public bool Settle(Money actualCost)
    {
        if (actualCost.IsNegative)
        {
            throw new ArgumentOutOfRangeException(nameof(actualCost), actualCost, "A cost cannot be negative.");
        }

        return TryComplete(out var slot) && _session!.CompleteSettle(slot, _amount, actualCost.Picodollars);
    }

    /// <summary>
    /// Records the actual token usage of an LLM call, priced with the session's catalog (the response's model name may
    /// differ from the one reserved, for example a dated snapshot). <paramref name="isEstimate"/> marks usage that was
    /// estimated (for example a stream that ended without a usage report).
    /// </summary>
    /// <returns>True when this call completed the reservation; false when it was already completed.</returns>
    public bool SettleUsage(string model, in TokenUsage usage, bool isEstimate = false, bool isBatch = false)
    {
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        if (!TryComplete(out var slot))
        {
            return false;
        }

        _session!.CompleteSettleUsage(slot, _amount, model, usage, isEstimate, isBatch);
        return true;
    }

    /// <summary>
    /// Like <see cref="Settle"/>, then, when the reservation is held in shared budgets, awaits the shared settle instead
    /// of queueing it. Completes synchronously otherwise. A store failure never throws here (the local record is made);
    /// it is recorded as a <see cref="BudgetEventKind.SharedStoreUnavailable"/> notice.
    /// </summary>
    /// <returns>True when this call completed the reservation; false when it was already completed.</returns>
    public ValueTask<bool> SettleAsync(Money actualCost, CancellationToken cancellationToken = default)
    {
        if (actualCost.IsNegative)
        {
            throw new ArgumentOutOfRangeException(nameof(actualCost), actualCost, "A cost cannot be negative.");
        }

        if (!TryComplete(out var slot))
        {
            return new ValueTask<bool>(false);
        }

        var hold = slot.TakeSharedHold();
        var name = slot.Name;
        _session!.CompleteSettle(slot, _amount, actualCost.Picodollars);
        return hold is null
            ? new ValueTask<bool>(true)
            : _session.CompleteSharedAsync(hold, name, actualCost.Picodollars, isRelease: false, cancellationToken);
    }

    /// <summary>
    /// Like <see cref="SettleUsage"/>, then, when the reservation is held in shared budgets, awaits the shared settle of
    /// the priced cost instead of queueing it. Completes synchronously otherwise; never throws for the store.
    /// </summary>
    /// <returns>True when this call completed the reservation; false when it was already completed.</returns>
    public ValueTask<bool> SettleUsageAsync(string model, TokenUsage usage, bool isEstimate = false, bool isBatch = false,
        CancellationToken cancellationToken = default)
    {
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        if (!TryComplete(out var slot))
        {
            return new ValueTask<bool>(false);
        }

        var hold = slot.TakeSharedHold();
        var cost = _session!.CompleteSettleUsage(slot, _amount, model, usage, isEstimate, isBatch);
        return hold is null
            ? new ValueTask<bool>(true)
            : _session.CompleteSharedAsync(hold, model, cost, isRelease: false, cancellationToken);
    }

    /// <summary>
    /// Like <see cref="Release"/>, then, when the reservation is held in shared budgets, awaits the shared release.
    /// Never throws for the store (an unreleased shared hold expires by itself).
    /// </summary>
    /// <returns>True when this call completed the reservation; false when it was already completed.</returns>
    public ValueTask<bool> ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (!TryComplete(out var slot))
        {
            return new ValueTask<bool>(false);
        }

        var hold = slot.TakeSharedHold();
        var name = slot.Name;
        _session!.CompleteRelease(slot, _amount);
        return hold is null
            ? new ValueTask<bool>(true)
            : _session.CompleteSharedAsync(hold, name, 0, isRelease: true, cancellationToken);
    }

    /// <summary>Returns the held money without charging anything (the call was not made or is not billed).</summary>
    /// <returns>True when this call completed the reservation; false when it was already completed.</returns>
    public bool Release() => TryComplete(out var slot) && _session!.CompleteRelease(slot, _amount);

    /// <summary>Releases the reservation if it was neither settled nor released.</summary>
    public void Dispose() => Release();

    /// <summary>Links the shared hold to the reservation (before the reservation is handed to the caller).</summary>
    internal void AttachSharedHold(SharedBudgetHold hold) => _slot!.SharedHold = hold;

    private bool TryComplete(out ReservationSlot slot)
    {
        slot = _slot!;
        return _slot is not null && Interlocked.CompareExchange(ref _slot.Generation, _generation + 1, _generation) == _generation;
    }
}

/// <summary>The pooled, mutable part of a reservation: its completion generation and what settling needs.</summary>
internal sealed class ReservationSlot
{
    public long Generation;
    public string Name = string.Empty;
    public CallKind Kind;
    public ulong Fingerprint;
    public bool IsFinalStep;

    /// <summary>The reservation's hold in the shared budgets; null when the session has none.</summary>
    public SharedBudgetHold? SharedHold;

    /// <summary>Takes the shared hold for the completion that won the slot, so a reuse of the slot never sees it.</summary>
    public SharedBudgetHold? TakeSharedHold()
    {
        var hold = SharedHold;
        if (hold is not null)
        {
            SharedHold = null;
        }

        return hold;
    }
}
