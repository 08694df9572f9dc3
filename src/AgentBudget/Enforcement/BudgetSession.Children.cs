using System;
using System.Globalization;
using System.Threading;

namespace AgentBudget;

public sealed partial class BudgetSession
{
    /// <summary>
    /// Creates a child session (a sub-agent or sub-task) whose hard limit is <paramref name="maxSpend"/>. The cap is
    /// taken from this session at once (escrow), so siblings can never jointly oversubscribe it; the child spends
    /// within it, its spend counts in this session's <see cref="Spent"/> as it happens, and when the child is disposed
    /// the unused part returns here and its per-model and per-tool breakdown is added to this session's.
    /// Throws <see cref="BudgetExhaustedException"/> when the cap does not fit (this session is not stopped by that).
    /// </summary>
    public BudgetSession CreateChild(Money maxSpend, string? name = null)
    {
        if (maxSpend <= Money.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(maxSpend), maxSpend, "A child budget must be above zero.");
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(BudgetSession), "Session " + Id + " has ended.");
        }

        ThrowIfTerminated();
        var cap = maxSpend.Picodollars;
        var now = _time.GetTimestamp();
        while (true)
        {
            var current = Volatile.Read(ref _committed);
            if (cap > _ordinaryLimit - current)
            {
                // Not a spend: refusing a sub-budget does not stop this session, whose own calls may still fit.
                _events.Add(BudgetEventKind.ReservationRefused, now, cap, name, default, BudgetEventFlags.None, TerminationReason.BudgetExhausted, 0);
                throw new BudgetExhaustedException(Id, Spent, Money.FromPicodollars(Math.Max(0, current - Volatile.Read(ref _spent))),
                    Limit, maxSpend, name ?? "child session");
            }

            if (Interlocked.CompareExchange(ref _committed, current + cap, current) == current)
            {
                break;
            }
        }

        var index = Interlocked.Increment(ref _childCounter);
        var childId = Id + "/" + (name ?? "child-" + index.ToString(CultureInfo.InvariantCulture));
        var child = new BudgetSession(Budget, _settings.ForChild(maxSpend), childId, this, name);
        lock (_childLock)
        {
            _children.Add(child);
        }

        _events.Add(BudgetEventKind.ChildStarted, now, cap, childId, default, BudgetEventFlags.None, 0, 0);
        return child;
    }

    /// <summary>The child sessions created so far (running and ended).</summary>
    public BudgetSession[] GetChildren()
    {
        lock (_childLock)
        {
            return _children.ToArray();
        }
    }

    /// <summary>
    /// Rolls an ending child up: returns the unused part of its escrow, and merges its breakdown. Never throws, so a
    /// child's own exception (propagating through its <c>using</c>) is never replaced by one from the roll-up.
    /// </summary>
    private void CompleteChild(BudgetSession child)
    {
        var now = _time.GetTimestamp();
        // From now on the child's committed money counts here in full rather than as "escrow plus overflow".
        var escrow = Interlocked.Exchange(ref child._escrow, 0);
        var childCommitted = Volatile.Read(ref child._committed);
        var returned = escrow - Math.Min(childCommitted, escrow);
        if (returned != 0)
        {
            AddCommitted(-returned, now);
        }

        foreach (var pair in child._tools)
        {
            GetToolAggregate(pair.Key).Merge(pair.Value);
        }

        foreach (var pair in child._models)
        {
            GetModelAggregate(pair.Key).Merge(pair.Value);
        }

        _events.Add(BudgetEventKind.ChildEnded, now, Volatile.Read(ref child._spent), child.Id, default, BudgetEventFlags.FromChild, 0, 0);
    }
}
