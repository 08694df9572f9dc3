using System.Runtime.CompilerServices;
using System.Threading;
using AgentBudget.Pricing;

namespace AgentBudget.Enforcement;

/// <summary>
/// Running totals of one tool or model in one session. Created once per name (the only allocation on a call path),
/// then updated in place under a tiny spin lock: one atomic instruction per update instead of one per field, and a
/// report always sees calls, cost and tokens that belong together.
/// </summary>
internal sealed class UsageAggregate
{
    private int _lock;
    private int _unknownReported;

    public UsageAggregate(string name, CallKind kind, ModelPrice? price)
    {
        Name = name;
        Kind = kind;
        Price = price;
        NameHash = CallFingerprint.HashName(name);
    }

    public string Name { get; }

    public CallKind Kind { get; }

    /// <summary>The catalog price, resolved once when the aggregate is created; null for tools and unknown models.</summary>
    public ModelPrice? Price { get; }

    /// <summary>Hash of the name, cached so that loop keys cost no string hashing per call.</summary>
    public ulong NameHash { get; }

    public long Calls;
    public long Picodollars;
    public long UncachedInputTokens;
    public long CacheReadTokens;
    public long CacheWriteTokens;
    public long OutputTokens;
    public long ReasoningTokens;
    public long UnpricedCalls;
    public long EstimatedCalls;

    /// <summary>True exactly once: the first time an unknown model is reported.</summary>
    public bool TryMarkUnknownReported() => Interlocked.Exchange(ref _unknownReported, 1) == 0;

    public void AddCall(long picodollars)
    {
        Enter();
        Calls++;
        Picodollars += picodollars;
        Exit();
    }

    public void AddCall(long picodollars, in TokenUsage usage, bool unpriced, bool estimate)
    {
        Enter();
        Calls++;
        Picodollars += picodollars;
        UncachedInputTokens += usage.UncachedInputTokens;
        CacheReadTokens += usage.CacheReadTokens;
        CacheWriteTokens += usage.CacheWrite5mTokens + usage.CacheWrite1hTokens;
        OutputTokens += usage.OutputTokens;
        ReasoningTokens += usage.ReasoningTokens;
        if (unpriced)
        {
            UnpricedCalls++;
        }

        if (estimate)
        {
            EstimatedCalls++;
        }

        Exit();
    }

    public void Merge(UsageAggregate other)
    {
        var snapshot = other.Snapshot();
        Enter();
        Calls += snapshot.Calls;
        Picodollars += snapshot.Picodollars;
        UncachedInputTokens += snapshot.UncachedInputTokens;
        CacheReadTokens += snapshot.CacheReadTokens;
        CacheWriteTokens += snapshot.CacheWriteTokens;
        OutputTokens += snapshot.OutputTokens;
        ReasoningTokens += snapshot.ReasoningTokens;
        UnpricedCalls += snapshot.UnpricedCalls;
        EstimatedCalls += snapshot.EstimatedCalls;
        Exit();
    }

    public AggregateSnapshot Snapshot()
    {
        Enter();
        var snapshot = new AggregateSnapshot(Calls, Picodollars, UncachedInputTokens, CacheReadTokens, CacheWriteTokens,
            OutputTokens, ReasoningTokens, UnpricedCalls, EstimatedCalls);
        Exit();
        return snapshot;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Enter()
    {
        // The uncontended case is one compare-and-swap, inlined into the caller; only a collision pays for the loop.
        if (Interlocked.CompareExchange(ref _lock, 1, 0) != 0)
        {
            SpinUntilEntered();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SpinUntilEntered()
    {
        var spinner = default(SpinWait);
        while (Interlocked.CompareExchange(ref _lock, 1, 0) != 0)
        {
            spinner.SpinOnce();
        }
    }

    private void Exit() => Volatile.Write(ref _lock, 0);
}

internal readonly struct AggregateSnapshot
{
    public AggregateSnapshot(long calls, long picodollars, long uncachedInputTokens, long cacheReadTokens, long cacheWriteTokens,
        long outputTokens, long reasoningTokens, long unpricedCalls, long estimatedCalls)
    {
        Calls = calls;
        Picodollars = picodollars;
        UncachedInputTokens = uncachedInputTokens;
        CacheReadTokens = cacheReadTokens;
        CacheWriteTokens = cacheWriteTokens;
        OutputTokens = outputTokens;
        ReasoningTokens = reasoningTokens;
        UnpricedCalls = unpricedCalls;
        EstimatedCalls = estimatedCalls;
    }

    public long Calls { get; }
    public long Picodollars { get; }
    public long UncachedInputTokens { get; }
    public long CacheReadTokens { get; }
    public long CacheWriteTokens { get; }
    public long OutputTokens { get; }
    public long ReasoningTokens { get; }
    public long UnpricedCalls { get; }
    public long EstimatedCalls { get; }
    public long TotalTokens => UncachedInputTokens + CacheReadTokens + CacheWriteTokens + OutputTokens + ReasoningTokens;
}
