using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBudget.Distributed;

/// <summary>
/// The embedded <see cref="IBudgetStore"/>: budgets shared by the sessions of one process. Every operation runs under
/// one lock, so a reservation across several scopes is all-or-nothing, exactly like the Redis store's scripts.
/// </summary>
/// <remarks>
/// A single lock rather than per-scope locks or compare-and-swap: a layered reservation touches several counters that
/// must change together, and the critical section is a handful of dictionary look-ups (well under a microsecond), so
/// contention costs less than the ordering rules that fine-grained locks would need.
/// </remarks>
public sealed class InMemoryBudgetStore : IBudgetStore
{
    private const int SweepEveryMutations = 1024;

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly InMemoryBudgetStoreOptions _options;
    private readonly StoreEventStream _events = new();
    private readonly Dictionary<CounterKey, Counter> _counters = new();
    private readonly Dictionary<string, Reservation> _reservations = new(StringComparer.Ordinal);
    private readonly SortedSet<Reservation> _holdsByExpiry = new(ExpiryComparer.Instance);
    private readonly Dictionary<string, AppliedSettle> _appliedSettles = new(StringComparer.Ordinal);
    private int _mutationsSinceSweep;

    /// <summary>Creates an empty store.</summary>
    public InMemoryBudgetStore(InMemoryBudgetStoreOptions? options = null)
    {
        _options = options ?? new InMemoryBudgetStoreOptions();
        _time = _options.TimeProvider ?? throw new ArgumentException("The options need a TimeProvider.", nameof(options));
    }

    /// <summary>Creates an empty store on the given clock.</summary>
    public InMemoryBudgetStore(TimeProvider timeProvider)
        : this(new InMemoryBudgetStoreOptions { TimeProvider = timeProvider })
    {
    }

    /// <inheritdoc />
    public IObservable<StoreEvent> Events => _events;

    /// <inheritdoc />
    public ValueTask<BudgetReservationResult> ReserveAsync(
        IReadOnlyList<BudgetScope> scopes, Money amount, string reservationId, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        BudgetStoreGuards.CheckReserve(scopes, amount, reservationId, ttl);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        var pending = new List<StoreEvent>();
        BudgetReservationResult result;
        lock (_gate)
        {
            ReclaimExpired(now, pending);
            if (_reservations.TryGetValue(reservationId, out var existing))
            {
                // A retried reserve whose first attempt got through (same id, same amount, still holding) is answered
                // again rather than refused, so a caller can retry a reserve whose answer it never saw.
                if (existing.State != ReservationState.Holding || existing.Amount != amount.Picodollars)
                {
                    throw new InvalidOperationException($"A reservation with id '{reservationId}' already exists; reservation ids must be unique.");
                }

                result = BudgetReservationResult.Admitted(reservationId, existing.ExpiresAt);
            }
            else
            {
                result = ReserveLocked(scopes, amount, reservationId, ttl, now);
            }

            SweepIfDue(now);
        }

        PublishAll(pending);
        return new ValueTask<BudgetReservationResult>(result);
    }

    private BudgetReservationResult ReserveLocked(IReadOnlyList<BudgetScope> scopes, Money amount, string reservationId, TimeSpan ttl, DateTimeOffset now)
    {
        var keys = new CounterKey[scopes.Count];
        BudgetUsage? refusal = null;
        for (var i = 0; i < scopes.Count && refusal is null; i++)
        {
            var window = scopes[i].Period.GetWindow(now);
            keys[i] = new CounterKey(scopes[i].Key, window.Id, window.End);
            _counters.TryGetValue(keys[i], out var counter);
            var settled = counter?.Settled ?? 0;
            var reserved = counter?.Reserved ?? 0;
            // settled + reserved + amount <= limit, written so that adding the amount cannot overflow.
            var used = settled + reserved;
            if (used > scopes[i].Limit.Picodollars - amount.Picodollars)
            {
                refusal = new BudgetUsage(scopes[i], window, Money.FromPicodollars(settled), Money.FromPicodollars(reserved));
            }
        }

        if (refusal is not null)
        {
            return BudgetReservationResult.Refused(reservationId, refusal);
        }

        foreach (var key in keys)
        {
            GetOrAddCounter(key).Reserved += amount.Picodollars;
        }

        var expiresAt = now + ttl;
        var reservation = new Reservation(reservationId, amount.Picodollars, keys, expiresAt);
        _reservations.Add(reservationId, reservation);
        _holdsByExpiry.Add(reservation);
        return BudgetReservationResult.Admitted(reservationId, expiresAt);
    }

    /// <inheritdoc />
    public ValueTask<BudgetSettleResult> SettleAsync(
        string reservationId, Money actual, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        BudgetStoreGuards.CheckSettle(reservationId, actual, idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        var pending = new List<StoreEvent>();
        BudgetSettleResult result;
        lock (_gate)
        {
            if (_appliedSettles.TryGetValue(idempotencyKey, out var applied) && applied.ForgetAt > now)
            {
                result = new BudgetSettleResult(SettleOutcome.Duplicate, Money.Zero);
                pending.Add(new StoreEvent(StoreEventKind.DuplicateSettle, now,
                    $"Settle '{idempotencyKey}' was already applied to reservation '{applied.ReservationId}'; nothing charged again.")
                { ReservationId = reservationId, Amount = actual });
            }
            else if (!_reservations.TryGetValue(reservationId, out var reservation))
            {
                result = new BudgetSettleResult(SettleOutcome.UnknownReservation, Money.Zero);
            }
            else if (reservation.State == ReservationState.Settled)
            {
                result = new BudgetSettleResult(SettleOutcome.AlreadySettled, Money.Zero);
            }
            else
            {
                var heldUntilNow = reservation.State == ReservationState.Holding;
                foreach (var key in reservation.Keys)
                {
                    var counter = GetOrAddCounter(key);
                    if (heldUntilNow)
                    {
                        counter.Reserved -= reservation.Amount;
                    }

                    counter.Settled = checked(counter.Settled + actual.Picodollars);
                }

                if (heldUntilNow)
                {
                    _holdsByExpiry.Remove(reservation);
                }
                else
                {
                    pending.Add(new StoreEvent(StoreEventKind.SettledAfterHoldEnded, now,
                        $"Reservation '{reservationId}' was settled after its hold ended ({reservation.State}); its cost was recorded anyway.")
                    { ReservationId = reservationId, Amount = actual });
                }

                if (actual.Picodollars > reservation.Amount)
                {
                    pending.Add(new StoreEvent(StoreEventKind.SettledAboveReservation, now,
                        $"Reservation '{reservationId}' held {Money.FromPicodollars(reservation.Amount)} but the call cost {actual}.")
                    { ReservationId = reservationId, Amount = actual });
                }

                reservation.State = ReservationState.Settled;
                reservation.ForgetAt = now + _options.RecordRetention;
                _appliedSettles[idempotencyKey] = new AppliedSettle(reservationId, now + _options.IdempotencyKeyRetention);
                result = new BudgetSettleResult(heldUntilNow ? SettleOutcome.Settled : SettleOutcome.SettledAfterHoldEnded, actual);
                SweepIfDue(now);
            }
        }

        PublishAll(pending);
        return new ValueTask<BudgetSettleResult>(result);
    }

    /// <inheritdoc />
    public ValueTask<ReleaseOutcome> ReleaseAsync(string reservationId, CancellationToken cancellationToken = default)
    {
        BudgetStoreGuards.CheckId(reservationId, nameof(reservationId));
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        ReleaseOutcome outcome;
        lock (_gate)
        {
            if (!_reservations.TryGetValue(reservationId, out var reservation))
            {
                outcome = ReleaseOutcome.UnknownReservation;
            }
            else
            {
                switch (reservation.State)
                {
                    case ReservationState.Holding:
                        ReturnHold(reservation, ReservationState.Released, now);
                        outcome = ReleaseOutcome.Released;
                        break;
                    case ReservationState.Released:
                        outcome = ReleaseOutcome.AlreadyReleased;
                        break;
                    case ReservationState.Expired:
                        outcome = ReleaseOutcome.Expired;
                        break;
                    default:
                        outcome = ReleaseOutcome.AlreadySettled;
                        break;
                }
            }
        }

        return new ValueTask<ReleaseOutcome>(outcome);
    }

    /// <inheritdoc />
    public ValueTask<BudgetUsage> GetUsageAsync(BudgetScope scope, CancellationToken cancellationToken = default)
    {
        if (scope is null)
        {
            throw new ArgumentNullException(nameof(scope));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        var pending = new List<StoreEvent>();
        BudgetUsage usage;
        lock (_gate)
        {
            ReclaimExpired(now, pending);
            var window = scope.Period.GetWindow(now);
            _counters.TryGetValue(new CounterKey(scope.Key, window.Id, window.End), out var counter);
            usage = new BudgetUsage(scope, window,
                Money.FromPicodollars(counter?.Settled ?? 0), Money.FromPicodollars(counter?.Reserved ?? 0));
        }

        PublishAll(pending);
        return new ValueTask<BudgetUsage>(usage);
    }

    private void ReclaimExpired(DateTimeOffset now, List<StoreEvent> pending)
    {
        var count = 0;
        long amount = 0;
        while (_holdsByExpiry.Count > 0)
        {
            var first = _holdsByExpiry.Min!;
            if (first.ExpiresAt > now)
            {
                break;
            }

            ReturnHold(first, ReservationState.Expired, now);
            count++;
            amount += first.Amount;
        }

        if (count > 0)
        {
            pending.Add(new StoreEvent(StoreEventKind.ReservationsReclaimed, now,
                $"{count} expired reservation(s) returned {Money.FromPicodollars(amount)} to their scopes.")
            { Count = count, Amount = Money.FromPicodollars(amount) });
        }
    }

    private void ReturnHold(Reservation reservation, ReservationState newState, DateTimeOffset now)
    {
        foreach (var key in reservation.Keys)
        {
            if (_counters.TryGetValue(key, out var counter))
            {
                counter.Reserved -= reservation.Amount;
            }
        }

        _holdsByExpiry.Remove(reservation);
        reservation.State = newState;
        reservation.ForgetAt = now + _options.RecordRetention;
    }

    private Counter GetOrAddCounter(CounterKey key)
    {
        if (!_counters.TryGetValue(key, out var counter))
        {
            counter = new Counter();
            _counters.Add(key, counter);
        }

        return counter;
    }

    private void SweepIfDue(DateTimeOffset now)
    {
        // An amortised sweep keeps memory bounded in a long-running process without a timer thread.
        if (++_mutationsSinceSweep < SweepEveryMutations)
        {
            return;
        }

        _mutationsSinceSweep = 0;
        var forget = new List<string>();
        foreach (var pair in _reservations)
        {
            if (pair.Value.State != ReservationState.Holding && pair.Value.ForgetAt <= now)
            {
                forget.Add(pair.Key);
            }
        }

        forget.ForEach(id => _reservations.Remove(id));
        forget.Clear();
        foreach (var pair in _appliedSettles)
        {
            if (pair.Value.ForgetAt <= now)
            {
                forget.Add(pair.Key);
            }
        }

        forget.ForEach(key => _appliedSettles.Remove(key));
        var staleCounters = new List<CounterKey>();
        foreach (var pair in _counters)
        {
            if (pair.Key.WindowEnd is { } end && end + _options.UsageRetention <= now && pair.Value.Reserved == 0)
            {
                staleCounters.Add(pair.Key);
            }
        }

        staleCounters.ForEach(key => _counters.Remove(key));
    }

    private void PublishAll(List<StoreEvent> pending)
    {
        foreach (var storeEvent in pending)
        {
            _events.Publish(storeEvent);
        }
    }

    private enum ReservationState
    {
        Holding,
        Settled,
        Released,
        Expired,
    }

    private readonly struct CounterKey : IEquatable<CounterKey>
    {
        public CounterKey(BudgetScopeKey key, string windowId, DateTimeOffset? windowEnd)
        {
            Key = key;
            WindowId = windowId;
            WindowEnd = windowEnd;
        }

        public BudgetScopeKey Key { get; }

        public string WindowId { get; }

        // Not part of equality: the window id already identifies the window; the end only drives pruning.
        public DateTimeOffset? WindowEnd { get; }

        public bool Equals(CounterKey other) => Key == other.Key && string.Equals(WindowId, other.WindowId, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is CounterKey other && Equals(other);

        public override int GetHashCode() => (Key.GetHashCode() * 397) ^ StringComparer.Ordinal.GetHashCode(WindowId);
    }

    private sealed class Counter
    {
        public long Settled;
        public long Reserved;
    }

    private sealed class Reservation(string id, long amount, CounterKey[] keys, DateTimeOffset expiresAt)
    {
        public string Id { get; } = id;

        public long Amount { get; } = amount;

        public CounterKey[] Keys { get; } = keys;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public ReservationState State { get; set; } = ReservationState.Holding;

        public DateTimeOffset ForgetAt { get; set; } = DateTimeOffset.MaxValue;
    }

    private readonly struct AppliedSettle(string reservationId, DateTimeOffset forgetAt)
    {
        public string ReservationId { get; } = reservationId;

        public DateTimeOffset ForgetAt { get; } = forgetAt;
    }

    private sealed class ExpiryComparer : IComparer<Reservation>
    {
        public static readonly ExpiryComparer Instance = new();

        public int Compare(Reservation? x, Reservation? y)
        {
            var byTime = x!.ExpiresAt.CompareTo(y!.ExpiresAt);
            return byTime != 0 ? byTime : string.CompareOrdinal(x.Id, y.Id);
        }
    }
}
