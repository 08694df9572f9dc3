using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using AgentBudget.Distributed;
using StackExchange.Redis;

namespace AgentBudget.Redis;

/// <summary>
/// An <see cref="IBudgetStore"/> in Redis, shared by every process that points at the same Redis and key prefix.
/// Reserve, settle, release and usage each run as one server-side Lua script, so admission across all the scopes of a
/// call is atomic, expired reservations are reclaimed inside the same script that needs their money, and settles are
/// idempotent. Money is kept as exact integer picodollars. See docs/distributed.md.
/// </summary>
/// <remarks>
/// The store does not own the connection. Configure it with <c>AbortOnConnectFail = false</c> (reconnect by itself) and,
/// for a fast fail-closed answer while Redis is down, <c>BacklogPolicy = BacklogPolicy.FailFast</c>.
/// </remarks>
public sealed class RedisBudgetStore : IBudgetStore
{
    private static readonly LoadedScript ReserveScript = new(BudgetScripts.Reserve);
    private static readonly LoadedScript SettleScript = new(BudgetScripts.Settle);
    private static readonly LoadedScript ReleaseScript = new(BudgetScripts.Release);
    private static readonly LoadedScript UsageScript = new(BudgetScripts.Usage);
    private static readonly BudgetScopeKey EmergencyKey = new("agentbudget-emergency", "process");

    private readonly IConnectionMultiplexer _connection;
    private readonly RedisBudgetStoreOptions _options;
    private readonly RedisKeys _keys;
    private readonly TimeProvider _time;
    private readonly StoreEventStream _events = new();
    private readonly InMemoryBudgetStore? _emergencyLedger;
    private readonly ConcurrentDictionary<string, byte> _emergencyReservations = new(StringComparer.Ordinal);
    private int _unavailable;

    /// <summary>Creates a store on an open (or reconnecting) connection.</summary>
    /// <exception cref="ArgumentException">The options are invalid (e.g. fail open without an emergency cap).</exception>
    public RedisBudgetStore(IConnectionMultiplexer connection, RedisBudgetStoreOptions? options = null)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _options = options ?? new RedisBudgetStoreOptions();
        _options.Validate();
        _keys = new RedisKeys(_options.KeyPrefix);
        _time = _options.TimeProvider;
        if (_options.FailurePolicy == StoreFailurePolicy.FailOpen)
        {
            _emergencyLedger = new InMemoryBudgetStore(new InMemoryBudgetStoreOptions { TimeProvider = _time });
        }
    }

    /// <inheritdoc />
    public IObservable<StoreEvent> Events => _events;

    /// <summary>The settings this store runs with.</summary>
    public RedisBudgetStoreOptions Options => _options;

    private IDatabase Database => _connection.GetDatabase(_options.Database);

    /// <inheritdoc />
    public async ValueTask<BudgetReservationResult> ReserveAsync(
        IReadOnlyList<BudgetScope> scopes, Money amount, string reservationId, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        BudgetStoreGuards.CheckReserve(scopes, amount, reservationId, ttl);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        var expiresAt = now + ttl;
        var windows = new BudgetWindow[scopes.Count];
        var keys = new RedisKey[2 + scopes.Count];
        var values = new RedisValue[7 + (2 * scopes.Count)];
        keys[0] = _keys.Holds;
        keys[1] = _keys.Reservation(reservationId);
        FillSharedArguments(values, now);
        values[4] = Text(amount.Picodollars);
        values[5] = Text(expiresAt.ToUnixTimeMilliseconds());
        values[6] = RedisKeys.Escape(reservationId);
        for (var i = 0; i < scopes.Count; i++)
        {
            windows[i] = scopes[i].Period.GetWindow(now);
            keys[2 + i] = _keys.Counter(scopes[i].Key, windows[i]);
            values[7 + (2 * i)] = Text(scopes[i].Limit.Picodollars);
            values[8 + (2 * i)] = Text(CounterExpiry(windows[i]));
        }

        RedisResult[] reply;
        try
        {
            reply = (RedisResult[])(await RunAsync(ReserveScript, keys, values, cancellationToken).ConfigureAwait(false))!;
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            var unavailable = ReportUnavailable("reserve", exception,
                "The reservation was refused (fail closed); it may still have been recorded and will then expire after its time-to-live.");
            if (_emergencyLedger is null)
            {
                throw unavailable;
            }

            return await EmergencyReserveAsync(scopes, amount, reservationId, ttl, cancellationToken).ConfigureAwait(false);
        }

        var status = (long)reply[0];
        PublishReclaimed((long)reply[4], now);
        switch (status)
        {
            case 1:
                return BudgetReservationResult.Admitted(reservationId, expiresAt);
            case 0:
            {
                var index = (int)(long)reply[1] - 1;
                var usage = new BudgetUsage(scopes[index], windows[index], ParseMoney(reply[2]), ParseMoney(reply[3]));
                return BudgetReservationResult.Refused(reservationId, usage);
            }

            default:
            {
                // The record exists: a retry of a reserve that got through is answered again; anything else is a clash.
                var detail = ((string?)reply[5] ?? string.Empty).Split('\n');
                if (detail.Length == 3 && detail[0] == "holding" && detail[1] == Text(amount.Picodollars))
                {
                    var recordedExpiry = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(detail[2], NumberStyles.None, CultureInfo.InvariantCulture));
                    return BudgetReservationResult.Admitted(reservationId, recordedExpiry);
                }

                throw new InvalidOperationException($"A reservation with id '{reservationId}' already exists; reservation ids must be unique.");
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<BudgetSettleResult> SettleAsync(
        string reservationId, Money actual, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        BudgetStoreGuards.CheckSettle(reservationId, actual, idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        if (_emergencyLedger is not null && _emergencyReservations.ContainsKey(reservationId))
        {
            var local = await _emergencyLedger.SettleAsync(reservationId, actual, idempotencyKey, cancellationToken).ConfigureAwait(false);
            _events.Publish(new StoreEvent(StoreEventKind.EmergencySettled, _time.GetUtcNow(),
                $"Emergency reservation '{reservationId}' settled locally at {actual} ({local.Outcome}); this spend is not in Redis.")
            { ReservationId = reservationId, Amount = local.Charged });
            return local;
        }

        var now = _time.GetUtcNow();
        var keys = new RedisKey[] { _keys.Holds, _keys.Reservation(reservationId), _keys.Idempotency(idempotencyKey) };
        var values = new RedisValue[]
        {
            Text(actual.Picodollars),
            RedisKeys.Escape(reservationId),
            Text(Milliseconds(_options.IdempotencyKeyRetention)),
            Text(Milliseconds(_options.RecordRetention)),
        };

        RedisResult[] reply;
        try
        {
            reply = (RedisResult[])(await RunAsync(SettleScript, keys, values, cancellationToken).ConfigureAwait(false))!;
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            throw ReportUnavailable("settle", exception,
                $"The settle of '{reservationId}' may or may not have been applied; retry it with the same idempotency key '{idempotencyKey}', which is safe either way.");
        }

        var outcome = (string?)reply[0];
        switch (outcome)
        {
            case "duplicate":
                _events.Publish(new StoreEvent(StoreEventKind.DuplicateSettle, now,
                    $"Settle '{idempotencyKey}' was already applied; nothing was charged again.")
                { ReservationId = reservationId, Amount = actual });
                return new BudgetSettleResult(SettleOutcome.Duplicate, Money.Zero);
            case "unknown":
                return new BudgetSettleResult(SettleOutcome.UnknownReservation, Money.Zero);
            case "already_settled":
                return new BudgetSettleResult(SettleOutcome.AlreadySettled, Money.Zero);
            default:
            {
                var held = ParseMoney(reply[1]);
                if (actual > held)
                {
                    _events.Publish(new StoreEvent(StoreEventKind.SettledAboveReservation, now,
                        $"Reservation '{reservationId}' held {held} but the call cost {actual}.")
                    { ReservationId = reservationId, Amount = actual });
                }

                if (outcome == "settled")
                {
                    return new BudgetSettleResult(SettleOutcome.Settled, actual);
                }

                _events.Publish(new StoreEvent(StoreEventKind.SettledAfterHoldEnded, now,
                    $"Reservation '{reservationId}' was settled after its hold ended; its cost was recorded anyway.")
                { ReservationId = reservationId, Amount = actual });
                return new BudgetSettleResult(SettleOutcome.SettledAfterHoldEnded, actual);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<ReleaseOutcome> ReleaseAsync(string reservationId, CancellationToken cancellationToken = default)
    {
        BudgetStoreGuards.CheckId(reservationId, nameof(reservationId));
        cancellationToken.ThrowIfCancellationRequested();
        if (_emergencyLedger is not null && _emergencyReservations.ContainsKey(reservationId))
        {
            return await _emergencyLedger.ReleaseAsync(reservationId, cancellationToken).ConfigureAwait(false);
        }

        var keys = new RedisKey[] { _keys.Holds, _keys.Reservation(reservationId) };
        var values = new RedisValue[] { RedisKeys.Escape(reservationId), Text(Milliseconds(_options.RecordRetention)) };
        string? previous;
        try
        {
            previous = (string?)await RunAsync(ReleaseScript, keys, values, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            throw ReportUnavailable("release", exception, "The hold was not returned now; it returns by itself when its time-to-live ends.");
        }

        return previous switch
        {
            "holding" => ReleaseOutcome.Released,
            "released" => ReleaseOutcome.AlreadyReleased,
            "expired" => ReleaseOutcome.Expired,
            "settled" => ReleaseOutcome.AlreadySettled,
            _ => ReleaseOutcome.UnknownReservation,
        };
    }

    /// <inheritdoc />
    public async ValueTask<BudgetUsage> GetUsageAsync(BudgetScope scope, CancellationToken cancellationToken = default)
    {
        if (scope is null)
        {
            throw new ArgumentNullException(nameof(scope));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        var window = scope.Period.GetWindow(now);
        var keys = new RedisKey[] { _keys.Holds, _keys.Counter(scope.Key, window) };
        var values = new RedisValue[4];
        FillSharedArguments(values, now);
        RedisResult[] reply;
        try
        {
            reply = (RedisResult[])(await RunAsync(UsageScript, keys, values, cancellationToken).ConfigureAwait(false))!;
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            throw ReportUnavailable("usage", exception, "The usage could not be read.");
        }

        PublishReclaimed((long)reply[2], now);
        return new BudgetUsage(scope, window, ParseMoney(reply[0]), ParseMoney(reply[1]));
    }

    private async Task<RedisResult> RunAsync(LoadedScript script, RedisKey[] keys, RedisValue[] values, CancellationToken cancellationToken)
    {
        var pending = script.EvaluateAsync(Database, keys, values);
        var result = await WithCancellation(pending, cancellationToken).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _unavailable, 0) == 1)
        {
            _events.Publish(new StoreEvent(StoreEventKind.StoreRecovered, _time.GetUtcNow(), "The Redis budget store answers again."));
        }

        return result;
    }

    private async ValueTask<BudgetReservationResult> EmergencyReserveAsync(
        IReadOnlyList<BudgetScope> scopes, Money amount, string reservationId, TimeSpan ttl, CancellationToken cancellationToken)
    {
        // Each scope's limit is enforced against what this process spent in emergency mode, and the emergency cap bounds
        // the total, so an outage can cost at most the cap per process.
        var local = new List<BudgetScope>(scopes.Count + 1);
        local.AddRange(scopes);
        local.Add(new BudgetScope(EmergencyKey, _options.EmergencyCap, BudgetPeriod.None));
        var result = await _emergencyLedger!.ReserveAsync(local, amount, reservationId, ttl, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        if (result.IsAdmitted)
        {
            _emergencyReservations.TryAdd(reservationId, 0);
            _events.Publish(new StoreEvent(StoreEventKind.EmergencyAdmitted, now,
                $"Redis is unavailable: reservation '{reservationId}' of {amount} was admitted against the local emergency cap of {_options.EmergencyCap}.")
            { ReservationId = reservationId, Amount = amount });
            return BudgetReservationResult.Admitted(reservationId, result.ExpiresAt!.Value, isEmergency: true);
        }

        _events.Publish(new StoreEvent(StoreEventKind.EmergencyRefused, now,
            $"Redis is unavailable and reservation '{reservationId}' of {amount} does not fit locally: {result}.")
        { ReservationId = reservationId, Amount = amount });
        return BudgetReservationResult.Refused(reservationId, result.RefusedBy!, isEmergency: true);
    }

    private BudgetStoreUnavailableException ReportUnavailable(string operation, Exception exception, string consequence)
    {
        var message = $"The Redis budget store is unavailable during {operation}: {exception.Message} {consequence}"
            + (_options.FailurePolicy == StoreFailurePolicy.FailClosed && operation == "reserve"
                ? " To keep admitting calls up to a local cap while Redis is down, set RedisBudgetStoreOptions.FailurePolicy = FailOpen and an EmergencyCap."
                : string.Empty);
        Interlocked.Exchange(ref _unavailable, 1);
        _events.Publish(new StoreEvent(StoreEventKind.StoreUnavailable, _time.GetUtcNow(), message) { Exception = exception });
        return new BudgetStoreUnavailableException(message, exception);
    }

    private void PublishReclaimed(long count, DateTimeOffset now)
    {
        if (count > 0)
        {
            _events.Publish(new StoreEvent(StoreEventKind.ReservationsReclaimed, now,
                $"{count} expired reservation(s) returned their holds to their scopes.")
            { Count = (int)count });
        }
    }

    private void FillSharedArguments(RedisValue[] values, DateTimeOffset now)
    {
        values[0] = Text(now.ToUnixTimeMilliseconds());
        values[1] = Text(_options.ReclaimBatchSize);
        values[2] = Text(Milliseconds(_options.RecordRetention));
        values[3] = _keys.ReservationPrefix;
    }

    private long CounterExpiry(BudgetWindow window)
        => window.End is { } end ? (end + _options.UsageRetention).ToUnixTimeMilliseconds() : 0;

    private static bool IsUnavailable(Exception exception) => exception switch
    {
        RedisConnectionException or RedisTimeoutException => true,
        // Answers that mean "this server cannot serve you right now", not "your command is wrong".
        RedisServerException server => server.Message.StartsWith("LOADING", StringComparison.Ordinal)
            || server.Message.StartsWith("BUSY", StringComparison.Ordinal)
            || server.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal)
            || server.Message.StartsWith("READONLY", StringComparison.Ordinal)
            || server.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal)
            || server.Message.StartsWith("CLUSTERDOWN", StringComparison.Ordinal),
        _ => false,
    };

    private static async Task<T> WithCancellation<T>(Task<T> task, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return await task.ConfigureAwait(false);
        }
#if NET
        return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
#else
        var cancelled = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => cancelled.TrySetCanceled(cancellationToken)))
        {
            var first = await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false);
            return await first.ConfigureAwait(false);
        }
#endif
    }

    private static Money ParseMoney(RedisResult value)
        => Money.FromPicodollars(long.Parse((string?)value ?? "0", NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static long Milliseconds(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMillisecond;
}
