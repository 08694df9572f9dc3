using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBudget.Distributed;

/// <summary>
/// The hook between an in-process budget session and a shared <see cref="IBudgetStore"/>: it holds each paid call's
/// estimate in every shared scope (user daily, tenant monthly, team, …) before the call, and settles or releases it after,
/// retrying a settle whose outcome is unknown with the same idempotency key so that it is charged exactly once.
/// </summary>
/// <remarks>
/// One gate serves one session (its scopes are the session's shared budgets); it is safe to use from parallel calls.
/// The session keeps enforcing its own limit locally; the gate adds the shared limits on top.
/// </remarks>
public sealed class SharedBudgetGate
{
    private readonly IBudgetStore _store;
    private readonly BudgetScope[] _scopes;

    /// <summary>Creates a gate over <paramref name="scopes"/> in <paramref name="store"/>.</summary>
    /// <exception cref="ArgumentException">No scope is given.</exception>
    public SharedBudgetGate(IBudgetStore store, IEnumerable<BudgetScope> scopes, SharedBudgetGateOptions? options = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _scopes = [.. scopes ?? throw new ArgumentNullException(nameof(scopes))];
        if (_scopes.Length == 0)
        {
            throw new ArgumentException("A shared budget gate needs at least one scope.", nameof(scopes));
        }

        Options = options ?? new SharedBudgetGateOptions();
        if (Options.SettleAttempts < 1 || Options.ReservationTtl <= TimeSpan.Zero || Options.SettleRetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("Settle attempts and the reservation TTL must be positive and the retry delay not negative.", nameof(options));
        }
    }

    /// <summary>The shared scopes every call must fit.</summary>
    public IReadOnlyList<BudgetScope> Scopes => _scopes;

    /// <summary>The gate's settings.</summary>
    public SharedBudgetGateOptions Options { get; }

    /// <summary>The store's events (unavailability, fail-open admissions, reclaimed holds, duplicates).</summary>
    public IObservable<StoreEvent> Events => _store.Events;

    /// <summary>
    /// Holds <paramref name="estimate"/> in every shared scope, or in none. <paramref name="callId"/> must be unique per
    /// paid call (e.g. the session id and a sequence number); it becomes the reservation id.
    /// </summary>
    /// <exception cref="BudgetStoreUnavailableException">The store is unreachable and fails closed.</exception>
    public async ValueTask<SharedBudgetHold> HoldAsync(string callId, Money estimate, CancellationToken cancellationToken = default)
    {
        var reservation = await _store.ReserveAsync(_scopes, estimate, callId, Options.ReservationTtl, cancellationToken).ConfigureAwait(false);
        return new SharedBudgetHold(this, reservation);
    }

    internal async ValueTask<BudgetSettleResult> SettleAsync(string reservationId, Money actual, CancellationToken cancellationToken)
    {
        var idempotencyKey = reservationId + ":settle";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await _store.SettleAsync(reservationId, actual, idempotencyKey, cancellationToken).ConfigureAwait(false);
                // A duplicate on a retry means the attempt whose answer was lost did settle: report that settle.
                return attempt > 1 && result.Outcome == SettleOutcome.Duplicate
                    ? new BudgetSettleResult(SettleOutcome.Settled, actual)
                    : result;
            }
            catch (BudgetStoreUnavailableException) when (attempt < Options.SettleAttempts)
            {
                // Safe to repeat: the idempotency key makes a settle that did reach the store a no-op the second time.
                if (Options.SettleRetryDelay > TimeSpan.Zero)
                {
                    await Task.Delay(Options.SettleRetryDelay, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    internal ValueTask<ReleaseOutcome> ReleaseAsync(string reservationId, CancellationToken cancellationToken)
        => _store.ReleaseAsync(reservationId, cancellationToken);
}

/// <summary>Settings of a <see cref="SharedBudgetGate"/>.</summary>
public sealed class SharedBudgetGateOptions
{
    /// <summary>How long a hold lasts if the call never settles (e.g. the process crashed). Default 10 minutes.</summary>
    public TimeSpan ReservationTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many times a settle is attempted while the store is unavailable. Default 3.</summary>
    public int SettleAttempts { get; set; } = 3;

    /// <summary>The pause between settle attempts. Default 200 ms.</summary>
    public TimeSpan SettleRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);
}

/// <summary>The shared side of one paid call: admitted or refused; settle it after the call or release it if none was made.</summary>
public sealed class SharedBudgetHold
{
    private readonly SharedBudgetGate _gate;

    internal SharedBudgetHold(SharedBudgetGate gate, BudgetReservationResult reservation)
    {
        _gate = gate;
        Reservation = reservation;
    }

    /// <summary>The store's answer to the reservation.</summary>
    public BudgetReservationResult Reservation { get; }

    /// <summary>True when the call may be made.</summary>
    public bool IsAdmitted => Reservation.IsAdmitted;

    /// <summary>
    /// Records the call's actual cost in every shared scope (even above the estimate: a paid call is never dropped),
    /// retrying while the store is unavailable.
    /// </summary>
    /// <exception cref="InvalidOperationException">The hold was refused.</exception>
    /// <exception cref="BudgetStoreUnavailableException">Every attempt failed; the hold expires by itself and the cost is missing from the shared counters.</exception>
    public ValueTask<BudgetSettleResult> SettleAsync(Money actual, CancellationToken cancellationToken = default)
    {
        EnsureAdmitted();
        return _gate.SettleAsync(Reservation.ReservationId, actual, cancellationToken);
    }

    /// <summary>Returns the hold when the call was not made (or not paid for).</summary>
    /// <exception cref="InvalidOperationException">The hold was refused.</exception>
    public ValueTask<ReleaseOutcome> ReleaseAsync(CancellationToken cancellationToken = default)
    {
        EnsureAdmitted();
        return _gate.ReleaseAsync(Reservation.ReservationId, cancellationToken);
    }

    private void EnsureAdmitted()
    {
        if (!Reservation.IsAdmitted)
        {
            throw new InvalidOperationException($"The call was refused by {Reservation.RefusedBy!.Scope}; there is nothing to settle or release.");
        }
    }
}
