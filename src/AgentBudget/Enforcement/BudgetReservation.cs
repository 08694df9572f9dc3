using System;
using System.Threading;
using AgentBudget.Pricing;

namespace AgentBudget;

/// <summary>
/// Money admitted for one call before it is made: its worst-case cost. Complete it exactly once with
/// <see cref="Settle"/> or <see cref="SettleUsage"/> (the actual cost is recorded even when it exceeds the estimate or
/// the limit: a paid call is never dropped) or <see cref="Release"/> (nothing charged). Completing it again, from this
/// value or any copy of it, does nothing. <see cref="Dispose"/> releases a reservation that was not completed.
/// </summary>
/// <remarks>
/// A value type, so reserving allocates nothing: the "completed once" state lives in a pooled slot of the session,
/// identified by a generation number that changes when the reservation completes, so stale copies cannot complete it
/// (or a later reservation that reuses the slot) again.
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

        return TryComplete(out var slot) && _session!.CompleteSettleUsage(slot, _amount, model, usage, isEstimate, isBatch);
    }

    /// <summary>Returns the held money without charging anything (the call was not made or is not billed).</summary>
    /// <returns>True when this call completed the reservation; false when it was already completed.</returns>
    public bool Release() => TryComplete(out var slot) && _session!.CompleteRelease(slot, _amount);

    /// <summary>Releases the reservation if it was neither settled nor released.</summary>
    public void Dispose() => Release();

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
}
