using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using AgentBudget.Pricing;

namespace AgentBudget.Reporting;

/// <summary>
/// A bounded, preallocated ring of the most recent events. Writers take a unique sequence number with one atomic
/// increment and fill their slot under a per-slot spin lock (two writers only meet on a slot when they are a whole
/// ring apart), so recording allocates nothing and never blocks on unrelated writers. Events pushed out of the ring
/// are counted in <see cref="Dropped"/>, never silently lost.
/// </summary>
internal sealed class EventLog
{
    private readonly Record[] _records;
    private readonly int[] _locks;

    // The slot of sequence s is (s - 1) mod capacity. For a power-of-two capacity (the default 1,024) that is a mask,
    // which spares every event a 64-bit division (tens of cycles). -1 means "not a power of two: divide".
    private readonly long _slotMask;
    private long _sequence;

    public EventLog(int capacity)
    {
        _records = new Record[capacity];
        _locks = new int[capacity];
        _slotMask = capacity > 0 && (capacity & (capacity - 1)) == 0 ? capacity - 1 : -1;
    }

    public int Capacity => _records.Length;

    /// <summary>Events recorded so far, kept or not.</summary>
    public long Total => Volatile.Read(ref _sequence);

    /// <summary>Events that are no longer in the log (capacity exceeded).</summary>
    public long Dropped => Math.Max(0, Total - _records.Length);

    /// <summary>Records an event and returns its sequence number (from 1).</summary>
    public long Add(BudgetEventKind kind, long timestamp, long amount, string? name, in TokenUsage usage,
        BudgetEventFlags flags, TerminationReason reason, ulong fingerprint, string? detail = null)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        if (_records.Length == 0)
        {
            return sequence;
        }

        var slot = _slotMask >= 0 ? (int)((sequence - 1) & _slotMask) : (int)((sequence - 1) % _records.Length);
        Lock(slot);
        ref var record = ref _records[slot];
        // A slower writer of an older lap must not overwrite a newer event.
        if (record.Sequence < sequence)
        {
            record.Sequence = sequence;
            record.Kind = kind;
            record.Timestamp = timestamp;
            record.Amount = amount;
            record.Name = name;
            record.Usage = usage;
            record.Flags = flags;
            record.Reason = reason;
            record.Fingerprint = fingerprint;
            record.Detail = detail;
        }

        Volatile.Write(ref _locks[slot], 0);
        return sequence;
    }

    /// <summary>The kept events, oldest first.</summary>
    public List<BudgetEvent> Snapshot(Func<long, DateTimeOffset> toTime)
    {
        var list = new List<BudgetEvent>(_records.Length);
        for (var slot = 0; slot < _records.Length; slot++)
        {
            Lock(slot);
            var record = _records[slot];
            Volatile.Write(ref _locks[slot], 0);
            if (record.Sequence != 0)
            {
                list.Add(new BudgetEvent(record.Sequence, record.Kind, toTime(record.Timestamp), Money.FromPicodollars(record.Amount),
                    record.Name, record.Usage, record.Flags, record.Reason == 0 ? null : record.Reason, record.Fingerprint, record.Detail));
            }
        }

        list.Sort(static (a, b) => a.Sequence.CompareTo(b.Sequence));
        return list;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Lock(int slot)
    {
        // The uncontended case is one compare-and-swap, inlined; only a collision pays for the spinning loop.
        if (Interlocked.CompareExchange(ref _locks[slot], 1, 0) != 0)
        {
            SpinUntilLocked(slot);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SpinUntilLocked(int slot)
    {
        var spinner = default(SpinWait);
        while (Interlocked.CompareExchange(ref _locks[slot], 1, 0) != 0)
        {
            spinner.SpinOnce();
        }
    }

    private struct Record
    {
        public long Sequence;
        public BudgetEventKind Kind;
        public long Timestamp;
        public long Amount;
        public string? Name;
        public TokenUsage Usage;
        public BudgetEventFlags Flags;
        public TerminationReason Reason;
        public ulong Fingerprint;
        public string? Detail;
    }
}
