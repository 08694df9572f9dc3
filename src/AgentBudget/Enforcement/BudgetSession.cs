using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AgentBudget.Distributed;
using AgentBudget.Enforcement;
using AgentBudget.Loops;
using AgentBudget.Pricing;
using AgentBudget.Reporting;

namespace AgentBudget;

/// <summary>
/// One agent run under a budget: admits calls before they are made, records what they cost, and stops the run when a
/// limit is reached. Thread-safe: any number of concurrent callers may use one session.
/// </summary>
/// <remarks>
/// Money is kept in picodollars in two counters: <c>committed</c> (settled spend plus money held by reservations and
/// child escrows) and <c>spent</c> (settled spend). Admission is a compare-and-swap on <c>committed</c> that only
/// succeeds while the call fits, so concurrent callers can never jointly oversubscribe the limit. A recorded cost is
/// added unconditionally (it was paid), and crossing the limit latches the session.
/// </remarks>
public sealed partial class BudgetSession : IDisposable, IAsyncDisposable
{
    private const int MaxPooledSlots = 64;

    private readonly SessionSettings _settings;
    private readonly BudgetSession? _parent;
    private readonly TimeProvider _time;
    private readonly long _startTimestamp;
    private readonly DateTimeOffset _startedAt;
    private readonly long _limit;
    private readonly long _ordinaryLimit;
    private readonly long _softThreshold;
    private readonly ConcurrentDictionary<string, UsageAggregate> _tools = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UsageAggregate> _models = new(StringComparer.Ordinal);
    private readonly LoopDetector? _loops;
    private readonly EventLog _events;
    private readonly object _childLock = new();
    private readonly List<BudgetSession> _children = [];
    private readonly Stack<ReservationSlot> _slotPool = new();

    // Null unless the session is layered inside shared budgets; children share their root's ledger.
    private SharedBudgetLedger? _shared;

    // One-entry caches in front of the aggregate dictionaries: an agent calls the same tool or model again and again,
    // usually with the same string instance (a literal in generated code), and a reference comparison is much cheaper
    // than hashing the name. A miss (another name, or an equal string in another instance) takes the dictionary.
    private UsageAggregate? _lastTool;
    private UsageAggregate? _lastModel;

    // One spare reservation slot taken and returned with an atomic exchange: the reserve-then-settle sequence of one
    // caller never touches the lock of the pool below, which only concurrent reservations need.
    private ReservationSlot? _spareSlot;

    private long _committed;
    private long _spent;
    private long _escrow;
    private long _reservationsOutstanding;
    private long _llmCallsAdmitted;
    private long _toolCallsAdmitted;
    private long _totalTokens;
    private long _callbackErrors;
    private long _endTimestamp;
    private int _terminationReason;
    private int _softLimitFired;
    private int _disposed;
    private int _childCounter;
    private string? _loopCallName;
    private ulong _loopFingerprint;

    internal BudgetSession(Budget budget, SessionSettings settings, string id, BudgetSession? parent, string? name)
    {
        Budget = budget;
        _settings = settings;
        _parent = parent;
        Id = id;
        Name = name;
        _time = settings.TimeProvider;
        _startTimestamp = _time.GetTimestamp();
        _startedAt = _time.GetUtcNow();
        _limit = settings.LimitPicodollars;
        _ordinaryLimit = settings.OrdinaryLimitPicodollars;
        _softThreshold = settings.SoftThresholdPicodollars;
        _escrow = parent is null ? 0 : _limit;
        _events = new EventLog(settings.EventCapacity);
        _shared = parent?._shared;
        if (settings.MaxRepeatedCalls > 0)
        {
            _loops = new LoopDetector(settings.MaxRepeatedCalls, settings.LoopWindowTicks, settings.LoopTableSize);
        }
    }

    /// <summary>The budget this session was started from.</summary>
    public Budget Budget { get; }

    /// <summary>The session id (<c>sess_…</c>, or <c>parent/child</c> for child sessions).</summary>
    public string Id { get; }

    /// <summary>The child's name given to <see cref="CreateChild"/>; null for top-level sessions.</summary>
    public string? Name { get; }

    /// <summary>The parent of a child session; null for top-level sessions.</summary>
    public BudgetSession? Parent => _parent;

    /// <summary>The hard limit.</summary>
    public Money Limit => Money.FromPicodollars(_limit);

    /// <summary>The part of the limit only calls marked as the final step may spend.</summary>
    public Money FinalizationReserve => Money.FromPicodollars(_limit - _ordinaryLimit);

    /// <summary>The spend at which the soft-limit callback fires.</summary>
    public Money SoftLimit => Money.FromPicodollars(_softThreshold);

    /// <summary>Settled spend, including what running child sessions have spent so far. Can exceed <see cref="Limit"/>
    /// when a call that was already made cost more than admitted: paid calls are always recorded.</summary>
    public Money Spent => Money.FromPicodollars(Volatile.Read(ref _spent));

    /// <summary>Money held by outstanding reservations and by the unspent caps of running child sessions.</summary>
    public Money Reserved => Money.FromPicodollars(Math.Max(0, Volatile.Read(ref _committed) - Volatile.Read(ref _spent)));

    /// <summary>What new calls can still use: the limit minus spent and reserved money (never below zero).</summary>
    public Money Remaining => Money.FromPicodollars(Math.Max(0, _limit - Volatile.Read(ref _committed)));

    /// <summary>True once the session refuses ordinary calls (a limit, loop or breaker tripped).</summary>
    public bool IsTerminated => Volatile.Read(ref _terminationReason) != 0;

    /// <summary>Why the session stopped; null while it is running.</summary>
    public TerminationReason? TerminatedBy
    {
        get
        {
            var reason = Volatile.Read(ref _terminationReason);
            return reason == 0 ? null : (TerminationReason)reason;
        }
    }

    /// <summary>
    /// The gate into the shared budgets (user, tenant, team scopes in an <see cref="IBudgetStore"/>) this session is layered
    /// inside; null when it has none. See <see cref="BudgetOptions.SharedBudget"/>.
    /// </summary>
    public SharedBudgetGate? SharedBudget => _shared?.Gate;

    /// <summary>Shared settles and releases queued by synchronous completions and not yet applied in the store.</summary>
    public int PendingSharedCompletions => _shared?.Pending ?? 0;

    /// <summary>Spent plus reserved, in picodollars: the counter admission compares against the limit.</summary>
    internal long CommittedPicodollars => Volatile.Read(ref _committed);

    /// <summary>True after <see cref="Dispose"/>.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>True once spend reached the soft limit.</summary>
    public bool SoftLimitReached => Volatile.Read(ref _softLimitFired) != 0;

    /// <summary>
    /// Whether a call costing <paramref name="cost"/> would be refused now: exact and strict, so a cost that brings
    /// spend exactly to the limit fits. Ordinary calls are measured against the limit minus the finalization reserve;
    /// <paramref name="isFinalStep"/> calls against the whole limit. Always true for a stopped session, except that a
    /// final step may still use the reserve after the dollar limit stopped ordinary calls.
    /// </summary>
    public bool WouldExceed(Money cost, bool isFinalStep = false)
    {
        var reason = Volatile.Read(ref _terminationReason);
        if (IsDisposed || (reason != 0 && !(isFinalStep && reason == (int)TerminationReason.BudgetExhausted)))
        {
            return true;
        }

        var limit = isFinalStep ? _limit : _ordinaryLimit;
        return cost.Picodollars > limit - Volatile.Read(ref _committed);
    }

    /// <summary>
    /// Admits and charges a tool or external API call with a known cost, before the call is made: throws
    /// <see cref="BudgetExhaustedException"/> (nothing charged) when it does not fit, <see cref="LoopDetectedException"/>
    /// when the same tool with the same <paramref name="argumentsFingerprint"/> repeats too often, and a
    /// <see cref="BudgetException"/> when the session has stopped. Allocation-free once the tool name has been seen.
    /// </summary>
    public void Track(Money cost, string toolName, ulong argumentsFingerprint = 0)
    {
        var picodollars = cost.Picodollars;
        if (picodollars < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cost), cost, "A cost cannot be negative.");
        }

        if (toolName is null)
        {
            throw new ArgumentNullException(nameof(toolName));
        }

        if (_shared is not null)
        {
            // The shared scopes must hold the cost before the call too: admit it as a reservation and settle it at once.
            Reserve(cost, toolName, CallKind.Tool, argumentsFingerprint).Settle(cost);
            return;
        }

        var aggregate = GetToolAggregate(toolName);
        var now = Admit(picodollars, aggregate, CallKind.Tool, argumentsFingerprint, isFinalStep: false);
        var spent = AddSpent(picodollars);
        aggregate.AddCall(picodollars);
        PropagateLateAggregate(aggregate, picodollars, default, unpriced: false, estimate: false);
        _events.Add(BudgetEventKind.ToolCharged, now, picodollars, toolName, default, BudgetEventFlags.None, 0, argumentsFingerprint);
        CheckSoftLimit(spent);
    }

    /// <summary>
    /// Like <see cref="Track"/>, for sessions with a shared budget: the cost is also held and then settled in every shared
    /// scope, awaiting the store instead of blocking on it. Without a shared budget it is <see cref="Track"/> and
    /// completes synchronously.
    /// </summary>
    /// <exception cref="BudgetExhaustedException">The cost does not fit the session or a shared scope (<see cref="BudgetExhaustedException.SharedScope"/>).</exception>
    /// <exception cref="BudgetStoreUnavailableException">The shared store is unreachable and fails closed; nothing was charged.</exception>
    public ValueTask TrackAsync(Money cost, string toolName, ulong argumentsFingerprint = 0, CancellationToken cancellationToken = default)
    {
        if (_shared is null)
        {
            Track(cost, toolName, argumentsFingerprint);
            return default;
        }

        return TrackSharedAsync(cost, toolName, argumentsFingerprint, cancellationToken);
    }

    private async ValueTask TrackSharedAsync(Money cost, string toolName, ulong argumentsFingerprint, CancellationToken cancellationToken)
    {
        var reservation = await ReserveAsync(cost, toolName, CallKind.Tool, argumentsFingerprint, isFinalStep: false, cancellationToken)
            .ConfigureAwait(false);
        // Not cancellable: the call was admitted and charged locally; the shared record must follow.
        await reservation.SettleAsync(cost, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Admits a call by holding its worst-case cost <paramref name="estimate"/>; settle or release the returned
    /// reservation when the call ends. Throws before anything is spent when it does not fit or the session stopped.
    /// </summary>
    /// <remarks>On a session with a shared budget this also holds the estimate in the shared scopes and blocks the
    /// calling thread for that store round trip; prefer <see cref="ReserveAsync"/> there.</remarks>
    public BudgetReservation Reserve(Money estimate, string name, CallKind kind, ulong fingerprint = 0, bool isFinalStep = false)
    {
        var reservation = ReserveLocal(estimate, name, kind, fingerprint, isFinalStep);
        return _shared is null ? reservation : WaitForSharedHold(reservation, name);
    }

    /// <summary>
    /// Admits a call by holding its worst-case cost <paramref name="estimate"/>, first in the session (as
    /// <see cref="Reserve"/>), then, when the session has a shared budget, in every shared scope. Completes synchronously
    /// (no allocation) when there is no shared budget.
    /// </summary>
    /// <exception cref="BudgetExhaustedException">The estimate does not fit the session, or a shared scope refused it: then
    /// <see cref="BudgetExhaustedException.SharedScope"/> names the scope and the local reservation has been released.</exception>
    /// <exception cref="BudgetStoreUnavailableException">The shared store is unreachable and fails closed; the local
    /// reservation has been released and a <see cref="BudgetEventKind.SharedStoreUnavailable"/> notice recorded.</exception>
    public ValueTask<BudgetReservation> ReserveAsync(Money estimate, string name, CallKind kind, ulong fingerprint = 0,
        bool isFinalStep = false, CancellationToken cancellationToken = default)
    {
        var reservation = ReserveLocal(estimate, name, kind, fingerprint, isFinalStep);
        return _shared is null ? new ValueTask<BudgetReservation>(reservation) : HoldSharedAsync(reservation, name, cancellationToken);
    }

    private BudgetReservation ReserveLocal(Money estimate, string name, CallKind kind, ulong fingerprint, bool isFinalStep)
    {
        var picodollars = estimate.Picodollars;
        if (picodollars < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(estimate), estimate, "An estimate cannot be negative.");
        }

        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        var aggregate = kind == CallKind.Llm ? GetModelAggregate(name) : GetToolAggregate(name);
        var now = Admit(picodollars, aggregate, kind, fingerprint, isFinalStep);
        return CreateReservation(picodollars, name, kind, fingerprint, isFinalStep, now);
    }

    /// <summary>
    /// Admits an LLM call by reserving its worst case: <paramref name="estimatedInputTokens"/> at the model's most
    /// expensive input rate plus <paramref name="maxOutputTokens"/> (or, when 0, the model's maximum output) at its most
    /// expensive output rate. The model is loop-checked by name and <paramref name="promptFingerprint"/>. An unknown
    /// model follows <see cref="BudgetOptions.UnknownModels"/>.
    /// </summary>
    /// <remarks>On a session with a shared budget this also holds the estimate in the shared scopes and blocks the
    /// calling thread for that store round trip; prefer <see cref="ReserveLlmCallAsync"/> there.</remarks>
    public BudgetReservation ReserveLlmCall(string model, long estimatedInputTokens, long maxOutputTokens,
        ulong promptFingerprint = 0, bool isFinalStep = false)
    {
        var reservation = ReserveLlmCallLocal(model, estimatedInputTokens, maxOutputTokens, promptFingerprint, isFinalStep);
        return _shared is null ? reservation : WaitForSharedHold(reservation, model);
    }

    /// <summary>
    /// Admits an LLM call like <see cref="ReserveLlmCall"/>, then, when the session has a shared budget, holds the same
    /// worst-case estimate in every shared scope. Completes synchronously (no allocation) when there is no shared budget.
    /// Settle the reservation with <see cref="BudgetReservation.SettleUsageAsync"/> to await the shared record, or with
    /// <see cref="BudgetReservation.SettleUsage"/> to queue it.
    /// </summary>
    /// <exception cref="BudgetExhaustedException">The estimate does not fit the session, or a shared scope refused it
    /// (<see cref="BudgetExhaustedException.SharedScope"/>; the local reservation has been released).</exception>
    /// <exception cref="BudgetStoreUnavailableException">The shared store is unreachable and fails closed; nothing is held.</exception>
    public ValueTask<BudgetReservation> ReserveLlmCallAsync(string model, long estimatedInputTokens, long maxOutputTokens,
        ulong promptFingerprint = 0, bool isFinalStep = false, CancellationToken cancellationToken = default)
    {
        var reservation = ReserveLlmCallLocal(model, estimatedInputTokens, maxOutputTokens, promptFingerprint, isFinalStep);
        return _shared is null ? new ValueTask<BudgetReservation>(reservation) : HoldSharedAsync(reservation, model, cancellationToken);
    }

    private BudgetReservation ReserveLlmCallLocal(string model, long estimatedInputTokens, long maxOutputTokens,
        ulong promptFingerprint, bool isFinalStep)
    {
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        if (estimatedInputTokens < 0 || maxOutputTokens < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(estimatedInputTokens), "Token counts cannot be negative.");
        }

        var aggregate = GetModelAggregate(model);
        var price = aggregate.Price;
        if (price is null)
        {
            price = HandleUnknownModel(aggregate, throwIfPolicySaysSo: true);
        }

        var estimate = price is null ? 0 : WorstCaseCost(price, estimatedInputTokens, maxOutputTokens);
        var now = Admit(estimate, aggregate, CallKind.Llm, promptFingerprint, isFinalStep);
        return CreateReservation(estimate, model, CallKind.Llm, promptFingerprint, isFinalStep, now);
    }

    /// <summary>
    /// Records the usage of an LLM call that was not reserved (the call was made, so it is always recorded), priced
    /// with the catalog. Crossing a limit latches the session so that the next admission is refused; recording itself
    /// does not throw for limits. Throws <see cref="UnknownModelException"/> after recording the call as unpriced when
    /// the model is unknown and the policy is <see cref="UnknownModelPolicy.Throw"/>.
    /// </summary>
    /// <returns>The cost charged.</returns>
    public Money RecordUsage(string model, in TokenUsage usage, bool isBatch = false)
    {
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        var aggregate = GetModelAggregate(model);
        CountUnreservedLlmCall();
        var cost = RecordLlm(aggregate, model, usage, isBatch, isEstimate: false, isFinalStep: false, reservedAmount: 0,
            fingerprint: 0, throwIfUnknown: true);
        return Money.FromPicodollars(cost);
    }

    /// <summary>Records an LLM call whose cost the provider reported (not computed from the price table).</summary>
    public void RecordCost(string model, Money cost, in TokenUsage usage)
    {
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        if (cost.IsNegative)
        {
            throw new ArgumentOutOfRangeException(nameof(cost), cost, "A cost cannot be negative.");
        }

        var aggregate = GetModelAggregate(model);
        CountUnreservedLlmCall();
        ChargeLlm(aggregate, model, cost.Picodollars, usage, BudgetEventFlags.ProviderReported, reservedAmount: 0, fingerprint: 0);
    }

    /// <summary>Throws the exception matching the reason when the session has stopped admitting calls.</summary>
    public void ThrowIfTerminated()
    {
        var reason = Volatile.Read(ref _terminationReason);
        if (reason != 0)
        {
            throw CreateTerminatedException((TerminationReason)reason, 0, null);
        }
    }

    /// <summary>Ends the session: refuses further admissions and ends (and rolls up) its running child sessions.
    /// Costs of calls still in flight can be settled afterwards and are still recorded.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        BudgetSession[] children;
        lock (_childLock)
        {
            children = _children.ToArray();
        }

        foreach (var child in children)
        {
            child.Dispose();
        }

        var now = _time.GetTimestamp();
        Volatile.Write(ref _endTimestamp, now);
        _events.Add(BudgetEventKind.SessionEnded, now, Volatile.Read(ref _spent), null, default, BudgetEventFlags.None, 0, 0);
        _parent?.CompleteChild(this);
    }

    /// <summary>
    /// Same as <see cref="Dispose"/>, then, when the session has a shared budget, waits until every queued shared settle
    /// and release has been applied in the store (or has failed and been recorded as a notice).
    /// </summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        var shared = _shared;
        return shared is null ? default : new ValueTask(shared.WhenIdleAsync());
    }

    /// <summary>
    /// Waits until every shared settle and release queued so far (by synchronous <see cref="BudgetReservation.Settle"/>,
    /// <see cref="BudgetReservation.SettleUsage"/> and <see cref="BudgetReservation.Release"/>) has been applied in the
    /// store or has failed and been recorded as a notice. Completes at once without a shared budget.
    /// </summary>
    public Task FlushSharedBudgetAsync() => _shared?.WhenIdleAsync() ?? Task.CompletedTask;

    /// <summary>
    /// Records a notice in the session's event log (so it appears in <see cref="GetEvents"/> and <see cref="Report"/>):
    /// something that happened around the money that the session itself cannot see, such as an integration routing a
    /// call to a cheaper model (<see cref="BudgetEventKind.ModelDegraded"/>) or anything else (<see cref="BudgetEventKind.Notice"/>).
    /// Every notice goes to <see cref="BudgetOptions.OnNotice"/>; the shared-budget kinds also go to the alert sinks.
    /// A notice never moves money, stops the session or throws for a stopped or disposed session.
    /// </summary>
    /// <param name="kind">A notice kind (<see cref="BudgetEventKindNames.IsNotice"/>).</param>
    /// <param name="name">What the notice is about (a model, a tool, a shared scope), or null.</param>
    /// <param name="detail">A human-readable sentence, kept with the event and written to the report.</param>
    /// <param name="amount">The money concerned, if any (it is not charged).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a notice kind (money events are
    /// recorded by the session itself, so the log always agrees with the counters), or the amount is negative.</exception>
    public void RecordNotice(BudgetEventKind kind, string? name, string? detail = null, Money amount = default)
    {
        if (!kind.IsNotice())
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind,
                "Only notice kinds (ModelDegraded, SharedBudgetRefused, SharedStoreUnavailable, EmergencyAdmission, Notice) can be recorded.");
        }

        if (amount.IsNegative)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A notice amount cannot be negative.");
        }

        var now = _time.GetTimestamp();
        var sequence = _events.Add(kind, now, amount.Picodollars, name, default, BudgetEventFlags.None, 0, 0, detail);
        RaiseAlert(kind, sequence, now, amount.Picodollars, name, null, 0, detail);
    }

    // ---- shared budgets ----

    internal void AttachSharedBudget(SharedBudgetGate gate) => _shared = new SharedBudgetLedger(gate);

    /// <summary>
    /// Synchronous admission on a session with a shared budget: the store round trip is awaited on the calling thread.
    /// The gate and the stores never capture a synchronization context (ConfigureAwait(false)), so this cannot deadlock;
    /// it only costs a blocked thread for the round trip, which is why the async methods exist.
    /// </summary>
    private BudgetReservation WaitForSharedHold(BudgetReservation reservation, string name)
    {
        var pending = HoldSharedAsync(reservation, name, CancellationToken.None);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Holds a locally admitted reservation's amount in the shared scopes; undoes the local admission when they refuse.</summary>
    private async ValueTask<BudgetReservation> HoldSharedAsync(BudgetReservation reservation, string name, CancellationToken cancellationToken)
    {
        var ledger = _shared!;
        var holdId = ledger.NextHoldId(Id);
        SharedBudgetHold hold;
        try
        {
            hold = await ledger.Gate.HoldAsync(holdId, reservation.Amount, cancellationToken).ConfigureAwait(false);
        }
        catch (BudgetStoreUnavailableException ex)
        {
            reservation.Release();
            RecordNotice(BudgetEventKind.SharedStoreUnavailable, name,
                "The shared budget store is unavailable; the call was refused (fail closed) and nothing was charged. " + ex.Message,
                reservation.Amount);
            throw;
        }
        catch
        {
            reservation.Release();
            throw;
        }

        if (!hold.IsAdmitted)
        {
            reservation.Release();
            var refusedBy = hold.Reservation.RefusedBy!;
            RecordNotice(BudgetEventKind.SharedBudgetRefused, refusedBy.Scope.ToString(),
                "'" + name + "' needed " + reservation.Amount + "; the scope had " + refusedBy.Remaining + " left (settled "
                + refusedBy.Settled + ", reserved " + refusedBy.Reserved + ", window " + refusedBy.Window.Id + ").",
                reservation.Amount);
            throw new BudgetExhaustedException(Id, Spent, Reserved, Limit, reservation.Amount, name, refusedBy);
        }

        if (hold.Reservation.IsEmergency)
        {
            RecordNotice(BudgetEventKind.EmergencyAdmission, name,
                "The shared store is unavailable; hold '" + holdId + "' was admitted against the store's local emergency cap "
                + "and is not in the shared counters.", reservation.Amount);
        }

        reservation.AttachSharedHold(hold);
        return reservation;
    }

    internal async ValueTask<bool> CompleteSharedAsync(SharedBudgetHold hold, string callName, long actual, bool isRelease,
        CancellationToken cancellationToken)
    {
        await SharedBudgetLedger.CompleteAsync(this, hold, callName, actual, isRelease, cancellationToken).ConfigureAwait(false);
        return true;
    }

    // ---- admission ----

    private long Admit(long cost, UsageAggregate aggregate, CallKind kind, ulong fingerprint, bool isFinalStep)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(BudgetSession), "Session " + Id + " has ended; start a new session.");
        }

        var reason = Volatile.Read(ref _terminationReason);
        if (reason != 0 && !(isFinalStep && reason == (int)TerminationReason.BudgetExhausted))
        {
            throw CreateTerminatedException((TerminationReason)reason, cost, aggregate.Name);
        }

        var settings = _settings;
        long now = 0;
        if (settings.NeedsClockOnAdmission || _events.Capacity != 0)
        {
            now = _time.GetTimestamp();
        }

        if (settings.MaxDurationTicks > 0 && now - _startTimestamp > settings.MaxDurationTicks)
        {
            throw Stop(TerminationReason.DurationLimit, now, aggregate.Name, fingerprint,
                BudgetException.Format("the session ran longer than its maximum duration of {0} s.", settings.Options.MaxDuration!.Value.TotalSeconds));
        }

        if (kind == CallKind.Tool)
        {
            if (settings.MaxToolCalls > 0 && Interlocked.Increment(ref _toolCallsAdmitted) > settings.MaxToolCalls)
            {
                throw Stop(TerminationReason.ToolCallLimit, now, aggregate.Name, fingerprint,
                    BudgetException.Format("more than {0} tool calls.", settings.MaxToolCalls));
            }
        }
        else if (settings.MaxLlmCalls > 0 && Interlocked.Increment(ref _llmCallsAdmitted) > settings.MaxLlmCalls)
        {
            throw Stop(TerminationReason.LlmCallLimit, now, aggregate.Name, fingerprint,
                BudgetException.Format("more than {0} LLM calls.", settings.MaxLlmCalls));
        }

        if (settings.MaxTotalTokens > 0 && Volatile.Read(ref _totalTokens) >= settings.MaxTotalTokens)
        {
            throw Stop(TerminationReason.TokenLimit, now, aggregate.Name, fingerprint,
                BudgetException.Format("the session used its {0} tokens.", settings.MaxTotalTokens));
        }

        if (_loops is not null && !_loops.TryRecord(CallFingerprint.CombineKey(aggregate.NameHash, fingerprint), now))
        {
            _loopCallName = aggregate.Name;
            _loopFingerprint = fingerprint;
            throw Stop(TerminationReason.LoopDetected, now, aggregate.Name, fingerprint, null);
        }

        var limit = isFinalStep ? _limit : _ordinaryLimit;
        while (true)
        {
            var current = Volatile.Read(ref _committed);
            if (cost > limit - current)
            {
                _events.Add(BudgetEventKind.ReservationRefused, now, cost, aggregate.Name, default,
                    isFinalStep ? BudgetEventFlags.FinalStep : BudgetEventFlags.None, TerminationReason.BudgetExhausted, fingerprint);
                LatchBudgetExhausted(now);
                throw new BudgetExhaustedException(Id, Spent, Money.FromPicodollars(Math.Max(0, current - Volatile.Read(ref _spent))),
                    Limit, Money.FromPicodollars(cost), aggregate.Name);
            }

            if (Interlocked.CompareExchange(ref _committed, current + cost, current) == current)
            {
                return now;
            }
        }
    }

    private Exception Stop(TerminationReason reason, long now, string callName, ulong fingerprint, string? detail)
    {
        var kind = reason == TerminationReason.LoopDetected ? BudgetEventKind.LoopDetected : BudgetEventKind.LimitExceeded;
        var latched = Latch(reason, now);
        var eventSequence = _events.Add(kind, now, 0, callName, default, BudgetEventFlags.None, reason, fingerprint);
        if (latched)
        {
            RaiseAlert(kind, eventSequence, now, 0, callName, reason, fingerprint);
        }

        return reason == TerminationReason.LoopDetected
            ? new LoopDetectedException(Id, Spent, Limit, callName, fingerprint, _settings.MaxRepeatedCalls, _settings.Options.LoopDetection.Window)
            : new SessionLimitExceededException(Id, Spent, Limit, reason, detail ?? string.Empty);
    }

    private Exception CreateTerminatedException(TerminationReason reason, long requested, string? callName) => reason switch
    {
        TerminationReason.BudgetExhausted => new BudgetExhaustedException(Id, Spent, Reserved, Limit, Money.FromPicodollars(requested), callName),
        TerminationReason.LoopDetected => new LoopDetectedException(Id, Spent, Limit, _loopCallName ?? callName ?? string.Empty,
            _loopFingerprint, _settings.MaxRepeatedCalls, _settings.Options.LoopDetection.Window),
        _ => new SessionLimitExceededException(Id, Spent, Limit, reason, "the session has already stopped."),
    };

    /// <summary>Sets the termination reason if none is set; true when this call set it (and recorded the event).</summary>
    private bool Latch(TerminationReason reason, long now)
    {
        if (Interlocked.CompareExchange(ref _terminationReason, (int)reason, 0) != 0)
        {
            return false;
        }

        _events.Add(BudgetEventKind.Terminated, now, 0, null, default, BudgetEventFlags.None, reason, 0);
        return true;
    }

    private void LatchBudgetExhausted(long now)
    {
        if (Latch(TerminationReason.BudgetExhausted, now))
        {
            var committed = Volatile.Read(ref _committed);
            var sequence = _events.Add(BudgetEventKind.HardLimit, now, committed, null, default, BudgetEventFlags.None,
                TerminationReason.BudgetExhausted, 0);
            RaiseAlert(BudgetEventKind.HardLimit, sequence, now, committed, null, TerminationReason.BudgetExhausted, 0);
        }
    }

    // ---- money movement ----

    /// <summary>Adds to <c>committed</c> without an admission check (recorded costs, settle differences, releases).
    /// For a child session the part beyond its escrowed cap is carried to the parent, so the parent always holds at
    /// least what its children can spend.</summary>
    private void AddCommitted(long delta, long now)
    {
        var after = Interlocked.Add(ref _committed, delta);
        var parent = _parent;
        if (parent is not null)
        {
            var escrow = Volatile.Read(ref _escrow);
            var carried = Beyond(after, escrow) - Beyond(after - delta, escrow);
            if (carried != 0)
            {
                parent.AddCommitted(carried, now);
            }
        }

        if (delta > 0 && after > _ordinaryLimit)
        {
            LatchBudgetExhausted(now == 0 ? _time.GetTimestamp() : now);
        }
    }

    private static long Beyond(long value, long cap) => value > cap ? value - cap : 0;

    /// <summary>Adds settled spend here and in every ancestor (their escrow already holds it).</summary>
    private long AddSpent(long amount)
    {
        var spent = Interlocked.Add(ref _spent, amount);
        var parent = _parent;
        while (parent is not null)
        {
            var parentSpent = Interlocked.Add(ref parent._spent, amount);
            parent.CheckSoftLimit(parentSpent);
            parent = parent._parent;
        }

        return spent;
    }

    private void CheckSoftLimit(long spent)
    {
        if (spent >= _softThreshold && Volatile.Read(ref _softLimitFired) == 0
            && Interlocked.CompareExchange(ref _softLimitFired, 1, 0) == 0)
        {
            var now = _time.GetTimestamp();
            var sequence = _events.Add(BudgetEventKind.SoftLimit, now, spent, null, default, BudgetEventFlags.None, 0, 0);
            RaiseAlert(BudgetEventKind.SoftLimit, sequence, now, spent, null, null, 0);
        }
    }

    // ---- reservations ----

    private BudgetReservation CreateReservation(long amount, string name, CallKind kind, ulong fingerprint, bool isFinalStep, long now)
    {
        var slot = Interlocked.Exchange(ref _spareSlot, null);
        if (slot is null)
        {
            lock (_slotPool)
            {
                if (_slotPool.Count > 0)
                {
                    slot = _slotPool.Pop();
                }
            }

            slot ??= new ReservationSlot();
        }

        slot.Name = name;
        slot.Kind = kind;
        slot.Fingerprint = fingerprint;
        slot.IsFinalStep = isFinalStep;
        Interlocked.Increment(ref _reservationsOutstanding);
        _events.Add(BudgetEventKind.ReservationAdmitted, now, amount, name, default,
            isFinalStep ? BudgetEventFlags.FinalStep : BudgetEventFlags.None, 0, fingerprint);
        return new BudgetReservation(this, slot, Volatile.Read(ref slot.Generation), amount);
    }

    private void ReturnSlot(ReservationSlot slot)
    {
        Interlocked.Decrement(ref _reservationsOutstanding);
        if (Interlocked.CompareExchange(ref _spareSlot, slot, null) is null)
        {
            return;
        }

        lock (_slotPool)
        {
            // The spare slot counts towards the bound, so at most MaxPooledSlots slots are kept.
            if (_slotPool.Count < MaxPooledSlots - 1)
            {
                _slotPool.Push(slot);
            }
        }
    }

    internal bool CompleteSettle(ReservationSlot slot, long reserved, long actual)
    {
        var hold = slot.TakeSharedHold();
        var name = slot.Name;
        var kind = slot.Kind;
        var fingerprint = slot.Fingerprint;
        var flags = slot.IsFinalStep ? BudgetEventFlags.FinalStep : BudgetEventFlags.None;
        ReturnSlot(slot);
        if (kind == CallKind.Llm)
        {
            ChargeLlm(GetModelAggregate(name), name, actual, default, flags | BudgetEventFlags.ProviderReported, reserved, fingerprint);
        }
        else
        {
            var aggregate = GetToolAggregate(name);
            var now = _events.Capacity != 0 ? _time.GetTimestamp() : 0;
            // Spend first, so that an alert raised by crossing the limit already shows this call.
            var spent = AddSpent(actual);
            if (actual != reserved)
            {
                AddCommitted(actual - reserved, now);
            }

            aggregate.AddCall(actual);
            PropagateLateAggregate(aggregate, actual, default, unpriced: false, estimate: false);
            _events.Add(BudgetEventKind.ToolCharged, now, actual, name, default, flags, 0, fingerprint);
            CheckSoftLimit(spent);
        }

        if (hold is not null)
        {
            _shared!.Enqueue(this, hold, name, actual, isRelease: false);
        }

        return true;
    }

    /// <summary>Records the usage of a reserved LLM call and returns what it cost.</summary>
    internal long CompleteSettleUsage(ReservationSlot slot, long reserved, string model, in TokenUsage usage, bool isEstimate, bool isBatch)
    {
        var hold = slot.TakeSharedHold();
        var fingerprint = slot.Fingerprint;
        var isFinalStep = slot.IsFinalStep;
        ReturnSlot(slot);
        var cost = RecordLlm(GetModelAggregate(model), model, usage, isBatch, isEstimate, isFinalStep, reserved, fingerprint, throwIfUnknown: false);
        if (hold is not null)
        {
            _shared!.Enqueue(this, hold, model, cost, isRelease: false);
        }

        return cost;
    }

    internal bool CompleteRelease(ReservationSlot slot, long reserved)
    {
        var hold = slot.TakeSharedHold();
        var name = slot.Name;
        var fingerprint = slot.Fingerprint;
        ReturnSlot(slot);
        var now = _events.Capacity != 0 ? _time.GetTimestamp() : 0;
        if (reserved != 0)
        {
            AddCommitted(-reserved, now);
        }

        _events.Add(BudgetEventKind.ReservationReleased, now, reserved, name, default, BudgetEventFlags.None, 0, fingerprint);
        if (hold is not null)
        {
            _shared!.Enqueue(this, hold, name, 0, isRelease: true);
        }

        return true;
    }

    // ---- LLM pricing and recording ----

    private long RecordLlm(UsageAggregate aggregate, string model, in TokenUsage usage, bool isBatch, bool isEstimate, bool isFinalStep,
        long reservedAmount, ulong fingerprint, bool throwIfUnknown)
    {
        var flags = (isEstimate ? BudgetEventFlags.Estimate : BudgetEventFlags.None) | (isFinalStep ? BudgetEventFlags.FinalStep : BudgetEventFlags.None);
        var price = aggregate.Price;
        if (price is null)
        {
            price = HandleUnknownModel(aggregate, throwIfPolicySaysSo: false);
            flags |= price is null ? BudgetEventFlags.Unpriced : BudgetEventFlags.FallbackPrice;
        }

        var cost = price is null ? 0 : CostCalculator.Calculate(price, usage, isBatch).Picodollars;
        ChargeLlm(aggregate, model, cost, usage, flags, reservedAmount, fingerprint);
        if (price is null && throwIfUnknown && _settings.UnknownModels == UnknownModelPolicy.Throw)
        {
            throw new UnknownModelException(Id, Spent, Limit, model);
        }

        return cost;
    }

    private void ChargeLlm(UsageAggregate aggregate, string model, long cost, in TokenUsage usage, BudgetEventFlags flags,
        long reservedAmount, ulong fingerprint)
    {
        var now = _events.Capacity != 0 || _settings.MaxTotalTokens > 0 ? _time.GetTimestamp() : 0;
        // Spend first, so that an alert raised by crossing the limit already shows this call.
        var spent = AddSpent(cost);
        if (cost != reservedAmount)
        {
            AddCommitted(cost - reservedAmount, now);
        }

        var unpriced = (flags & BudgetEventFlags.Unpriced) != 0;
        var estimate = (flags & BudgetEventFlags.Estimate) != 0;
        aggregate.AddCall(cost, usage, unpriced, estimate);
        PropagateLateAggregate(aggregate, cost, usage, unpriced, estimate);
        _events.Add(BudgetEventKind.LlmCharged, now, cost, model, usage, flags, 0, fingerprint);
        if (_settings.MaxTotalTokens > 0)
        {
            var tokens = Interlocked.Add(ref _totalTokens, usage.TotalTokens);
            if (tokens >= _settings.MaxTotalTokens)
            {
                LatchBreaker(TerminationReason.TokenLimit, now, model);
            }
        }

        CheckSoftLimit(spent);
    }

    private void CountUnreservedLlmCall()
    {
        if (_settings.MaxLlmCalls > 0 && Interlocked.Increment(ref _llmCallsAdmitted) > _settings.MaxLlmCalls)
        {
            LatchBreaker(TerminationReason.LlmCallLimit, _time.GetTimestamp(), null);
        }
    }

    private void LatchBreaker(TerminationReason reason, long now, string? name)
    {
        if (Latch(reason, now))
        {
            var sequence = _events.Add(BudgetEventKind.LimitExceeded, now, 0, name, default, BudgetEventFlags.None, reason, 0);
            RaiseAlert(BudgetEventKind.LimitExceeded, sequence, now, 0, name, reason, 0);
        }
    }

    /// <summary>Applies the unknown-model policy: returns the fallback price, null to record unpriced, or throws.</summary>
    private ModelPrice? HandleUnknownModel(UsageAggregate aggregate, bool throwIfPolicySaysSo)
    {
        if (aggregate.TryMarkUnknownReported())
        {
            var now = _time.GetTimestamp();
            var sequence = _events.Add(BudgetEventKind.UnknownModel, now, 0, aggregate.Name, default, BudgetEventFlags.None, 0, 0);
            RaiseAlert(BudgetEventKind.UnknownModel, sequence, now, 0, aggregate.Name, null, 0);
        }

        switch (_settings.UnknownModels)
        {
            case UnknownModelPolicy.UseFallbackPrice:
                return _settings.FallbackPrice;
            case UnknownModelPolicy.Throw when throwIfPolicySaysSo:
                throw new UnknownModelException(Id, Spent, Limit, aggregate.Name);
            default:
                return null;
        }
    }

    /// <summary>
    /// The worst-case cost of a call: every input token in the model's most expensive input bucket and every output
    /// token in its most expensive output bucket, at the long-context tier the input selects. Priced by
    /// <see cref="CostCalculator"/> so that estimates and charges use the same arithmetic.
    /// </summary>
    internal static long WorstCaseCost(ModelPrice price, long inputTokens, long maxOutputTokens)
    {
        if (maxOutputTokens == 0 && price.MaxOutputTokens is { } modelMax)
        {
            maxOutputTokens = modelMax;
        }

        var rates = price.RatesFor(inputTokens);
        long uncached = 0, cacheRead = 0, write5m = 0, write1h = 0;
        var input = rates.Input;
        if (rates.CacheWrite1h.PicodollarsPerToken > input.PicodollarsPerToken && rates.CacheWrite1h.PicodollarsPerToken >= rates.CacheWrite5m.PicodollarsPerToken)
        {
            write1h = inputTokens;
        }
        else if (rates.CacheWrite5m.PicodollarsPerToken > input.PicodollarsPerToken)
        {
            write5m = inputTokens;
        }
        else if (rates.CacheRead.PicodollarsPerToken > input.PicodollarsPerToken)
        {
            cacheRead = inputTokens;
        }
        else
        {
            uncached = inputTokens;
        }

        var reasoningIsDearer = rates.Reasoning.PicodollarsPerToken > rates.Output.PicodollarsPerToken;
        var usage = new TokenUsage(uncached, cacheRead, write5m, write1h,
            reasoningIsDearer ? 0 : maxOutputTokens, reasoningIsDearer ? maxOutputTokens : 0);
        return CostCalculator.Calculate(price, usage).Picodollars;
    }

    // ---- aggregates ----

    private UsageAggregate GetToolAggregate(string name)
    {
        var last = Volatile.Read(ref _lastTool);
        if (last is not null && ReferenceEquals(last.Name, name))
        {
            return last;
        }

        if (!_tools.TryGetValue(name, out var aggregate))
        {
            aggregate = _tools.GetOrAdd(name, new UsageAggregate(name, CallKind.Tool, null));
        }

        Volatile.Write(ref _lastTool, aggregate);
        return aggregate;
    }

    private UsageAggregate GetModelAggregate(string model)
    {
        var last = Volatile.Read(ref _lastModel);
        if (last is not null && ReferenceEquals(last.Name, model))
        {
            return last;
        }

        if (!_models.TryGetValue(model, out var aggregate))
        {
            ModelPrice? price = null;
            _settings.Prices?.TryGetPrice(model, out price);
            aggregate = _models.GetOrAdd(model, new UsageAggregate(model, CallKind.Llm, price));
        }

        Volatile.Write(ref _lastModel, aggregate);
        return aggregate;
    }

    /// <summary>A charge that reaches an ended child session (a late settle) also goes to the ancestors that already
    /// rolled the child up, so their breakdown stays complete.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PropagateLateAggregate(UsageAggregate aggregate, long cost, in TokenUsage usage, bool unpriced, bool estimate)
    {
        // Top-level sessions (the common case) have nothing to propagate: decide that without a call.
        if (_parent is not null)
        {
            PropagateToAncestors(aggregate, cost, usage, unpriced, estimate);
        }
    }

    private void PropagateToAncestors(UsageAggregate aggregate, long cost, in TokenUsage usage, bool unpriced, bool estimate)
    {
        var session = this;
        while (session._parent is not null && Volatile.Read(ref session._disposed) != 0)
        {
            session = session._parent;
            var target = aggregate.Kind == CallKind.Llm ? session.GetModelAggregate(aggregate.Name) : session.GetToolAggregate(aggregate.Name);
            if (aggregate.Kind == CallKind.Llm)
            {
                target.AddCall(cost, usage, unpriced, estimate);
            }
            else
            {
                target.AddCall(cost);
            }
        }
    }

    // ---- alerts ----

    private void RaiseAlert(BudgetEventKind kind, long sequence, long now, long amount, string? name, TerminationReason? reason, ulong fingerprint,
        string? detail = null)
    {
        if (!_settings.HasAlertTargets)
        {
            return;
        }

        var options = _settings.Options;
        var callback = kind switch
        {
            BudgetEventKind.SoftLimit => options.OnSoftLimit,
            BudgetEventKind.HardLimit => options.OnHardLimit,
            BudgetEventKind.LoopDetected => options.OnLoopDetected,
            BudgetEventKind.UnknownModel => options.OnUnknownModel,
            BudgetEventKind.LimitExceeded => options.OnLimitExceeded,
            _ when kind.IsNotice() => options.OnNotice,
            _ => null,
        };
        var alert = new BudgetAlert(this, new BudgetEvent(sequence, kind, ToDateTime(now), Money.FromPicodollars(amount), name,
            default, BudgetEventFlags.None, reason, fingerprint, detail));
        if (callback is not null)
        {
            try
            {
                callback(alert);
            }
#pragma warning disable CA1031 // A failing callback must never fail or mask the agent's own work; it is counted instead.
            catch (Exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _callbackErrors);
            }
        }

        if (kind.IsNotice() && !kind.IsAlertingNotice())
        {
            // Informational notices (a model degrade, an integration's note) are for OnNotice and the report; the
            // sinks (webhooks, limit metrics, alert logs) receive problems only.
            return;
        }

        foreach (var sink in options.AlertSinks)
        {
            try
            {
                sink.Publish(alert);
            }
#pragma warning disable CA1031 // Same: an alert sink is never allowed to break the agent.
            catch (Exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _callbackErrors);
            }
        }
    }

    private DateTimeOffset ToDateTime(long timestamp)
    {
        var elapsedTicks = timestamp - _startTimestamp;
        var frequency = _time.TimestampFrequency;
        var ticks = frequency == TimeSpan.TicksPerSecond
            ? elapsedTicks
            : (long)((decimal)elapsedTicks * TimeSpan.TicksPerSecond / frequency);
        return _startedAt.AddTicks(ticks);
    }
}
