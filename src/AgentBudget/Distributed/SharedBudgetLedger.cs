using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace AgentBudget.Distributed;

/// <summary>
/// The shared side of one tree of sessions (a top-level session and its children): the gate into the shared scopes, the
/// ids of their shared holds, and the queue that settles holds in the store after a synchronous
/// <see cref="BudgetReservation.Settle"/> or <see cref="BudgetReservation.Release"/>.
/// </summary>
/// <remarks>
/// <para>The queue exists because <see cref="BudgetReservation.Settle"/> is synchronous and allocation-free and must stay
/// so: a store round trip (a Redis script, retries while the store is down) cannot run inside it. The local record is
/// made at once; the shared settle is queued and applied in order by one background drain. The queue is bounded
/// (<see cref="QueueCapacity"/>): when it is full, a synchronous settle waits for room rather than dropping a paid
/// call from the shared counters (every queued item finishes after at most the gate's settle attempts).</para>
/// <para><see cref="BudgetSession.DisposeAsync"/> and <see cref="BudgetSession.FlushSharedBudgetAsync"/> wait until
/// the queue is empty. The <c>…Async</c> completions of a reservation bypass the queue and await the store directly.</para>
/// </remarks>
internal sealed class SharedBudgetLedger
{
    /// <summary>At most this many shared settles and releases wait in the queue of one session tree.</summary>
    internal const int QueueCapacity = 1024;

    // Leaves room for the nonce, the sequence number and the separators within the store's 200-character id limit.
    private const int MaxSessionIdPart = 160;

    // An AsyncLocal rather than [ThreadStatic]: the drain resumes on other threads after each await.
    private static readonly AsyncLocal<bool> s_inDrain = new();

    private readonly object _lock = new();
    private readonly Queue<PendingCompletion> _queue = new();
    private readonly string _nonce;
    private long _callSequence;
    private bool _draining;
    private TaskCompletionSource<bool>? _idle;

    public SharedBudgetLedger(SharedBudgetGate gate)
    {
        Gate = gate ?? throw new ArgumentNullException(nameof(gate));
        // Session ids may be chosen by the application and reused across processes; a random part per session tree
        // keeps hold ids unique in a shared store, where a reused id would be taken for a retry of the first hold.
        var bytes = new byte[4];
        using (var random = RandomNumberGenerator.Create())
        {
            random.GetBytes(bytes);
        }

        _nonce = BitConverter.ToUInt32(bytes, 0).ToString("x8", CultureInfo.InvariantCulture);
    }

    public SharedBudgetGate Gate { get; }

    /// <summary>Completions waiting in the queue or being applied.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>A store-wide unique id for the next hold of <paramref name="sessionId"/>: <c>session:nonce:sequence</c>.</summary>
    public string NextHoldId(string sessionId)
    {
        var sessionPart = sessionId.Length <= MaxSessionIdPart ? sessionId : sessionId.Substring(0, MaxSessionIdPart);
        return sessionPart + ":" + _nonce + ":" + Interlocked.Increment(ref _callSequence).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Queues the shared settle (or release) of a hold whose local reservation was already completed.</summary>
    public void Enqueue(BudgetSession session, SharedBudgetHold hold, string callName, long actual, bool isRelease)
    {
        lock (_lock)
        {
            // Back-pressure instead of loss. Not on the drain's own thread: a notice callback that settles another
            // reservation must not wait for the drain that is running it.
            while (_queue.Count >= QueueCapacity && !s_inDrain.Value)
            {
                Monitor.Wait(_lock);
            }

            _queue.Enqueue(new PendingCompletion(session, hold, callName, actual, isRelease));
            if (_draining)
            {
                return;
            }

            _draining = true;
        }

        _ = Task.Run(DrainAsync);
    }

    /// <summary>Completes when every queued completion has been applied (or has failed and been recorded as a notice).</summary>
    public Task WhenIdleAsync()
    {
        lock (_lock)
        {
            if (!_draining)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    /// <summary>
    /// Applies one completion in the store. Never throws: a failure keeps the local record and becomes a
    /// <see cref="BudgetEventKind.SharedStoreUnavailable"/> notice on the session that made the call.
    /// </summary>
    public static async Task CompleteAsync(BudgetSession session, SharedBudgetHold hold, string callName, long actual, bool isRelease,
        CancellationToken cancellationToken)
    {
        try
        {
            if (isRelease)
            {
                await hold.ReleaseAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            var result = await hold.SettleAsync(Money.FromPicodollars(actual), cancellationToken).ConfigureAwait(false);
            if (result.Outcome is SettleOutcome.UnknownReservation or SettleOutcome.AlreadySettled)
            {
                session.RecordNotice(BudgetEventKind.Notice, callName,
                    "The shared store answered " + result.Outcome + " to the settle of hold '" + hold.Reservation.ReservationId
                    + "'; nothing was charged there for this call.", Money.FromPicodollars(actual));
            }
        }
#pragma warning disable CA1031 // The local record is already made; a store failure of any kind becomes a notice, never a crash of the agent or the drain.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var what = isRelease
                ? "The shared release of hold '" + hold.Reservation.ReservationId + "' failed; the hold expires by itself at "
                    + hold.Reservation.ExpiresAt?.ToString("O", CultureInfo.InvariantCulture) + ". "
                : "The shared settle of " + Money.FromPicodollars(actual) + " for hold '" + hold.Reservation.ReservationId
                    + "' failed after the gate's retries; the cost is recorded in this session but missing from the shared counters"
                    + " (its hold expires at " + hold.Reservation.ExpiresAt?.ToString("O", CultureInfo.InvariantCulture) + "). ";
            session.RecordNotice(BudgetEventKind.SharedStoreUnavailable, callName, what + ex.GetType().Name + ": " + ex.Message,
                Money.FromPicodollars(actual));
        }
    }

    private async Task DrainAsync()
    {
        // Set in the drain's own execution context only (Task.Run gave it a copy), so it marks exactly this flow.
        s_inDrain.Value = true;
        while (true)
        {
            PendingCompletion item;
            lock (_lock)
            {
                item = _queue.Peek();
            }

            await CompleteAsync(item.Session, item.Hold, item.CallName, item.Actual, item.IsRelease, CancellationToken.None)
                .ConfigureAwait(false);

            TaskCompletionSource<bool>? idle = null;
            var finished = false;
            lock (_lock)
            {
                // Dequeued only now, so that Pending and WhenIdleAsync count the item being applied.
                _queue.Dequeue();
                Monitor.PulseAll(_lock);
                if (_queue.Count == 0)
                {
                    _draining = false;
                    finished = true;
                    idle = _idle;
                    _idle = null;
                }
            }

            if (finished)
            {
                idle?.TrySetResult(true);
                return;
            }
        }
    }

    private readonly struct PendingCompletion(BudgetSession session, SharedBudgetHold hold, string callName, long actual, bool isRelease)
    {
        public BudgetSession Session { get; } = session;

        public SharedBudgetHold Hold { get; } = hold;

        public string CallName { get; } = callName;

        public long Actual { get; } = actual;

        public bool IsRelease { get; } = isRelease;
    }
}
