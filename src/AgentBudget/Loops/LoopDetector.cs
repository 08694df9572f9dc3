using System.Runtime.CompilerServices;
using System.Threading;

namespace AgentBudget.Loops;

/// <summary>
/// Sliding-window repeat counter with fixed memory and O(1) work per call. Each call identity (a 64-bit key made from
/// the call name and the argument fingerprint) owns a slot holding a ring of its last <c>N</c> timestamps, where
/// <c>N</c> is the number of repeats allowed. A call is a loop when the ring is full and its oldest timestamp is still
/// inside the window: that call would be the N+1-th inside the window. Cost does not depend on how many calls happened.
/// </summary>
/// <remarks>
/// Slots live in an open-addressed table probed linearly for at most <see cref="ProbeLength"/> slots. A slot whose
/// newest timestamp is older than the window is free for reuse. When every probed slot is busy, the one seen least
/// recently is overwritten: memory stays bounded, at the price of forgetting that identity's history (a possible
/// missed loop, never a false one). Each slot has its own spin lock so that unrelated calls do not contend.
/// </remarks>
internal sealed class LoopDetector
{
    internal const int ProbeLength = 8;

    private readonly int _repeats;
    private readonly long _windowTicks;
    private readonly int _slotCount;
    private readonly ulong[] _keys;
    private readonly long[] _newest;
    private readonly long[] _times;
    private readonly int[] _heads;
    private readonly int[] _counts;
    private readonly int[] _locks;
    private readonly ulong _slotMask;

    public LoopDetector(int maxRepeatedCalls, long windowTicks, int maxTrackedCalls)
    {
        _repeats = maxRepeatedCalls;
        _windowTicks = windowTicks;
        _slotCount = maxTrackedCalls;
        _keys = new ulong[_slotCount];
        _newest = new long[_slotCount];
        _times = new long[checked(_slotCount * _repeats)];
        _heads = new int[_slotCount];
        _counts = new int[_slotCount];
        _locks = new int[_slotCount];
        _slotMask = _slotCount > 1 && (_slotCount & (_slotCount - 1)) == 0 ? (ulong)(_slotCount - 1) : 0;
    }

    /// <summary>Number of identities the table can hold (fixed).</summary>
    public int Capacity => _slotCount;

    /// <summary>Number of timestamps stored (fixed): capacity × repeats.</summary>
    public int TimestampCapacity => _times.Length;

    /// <summary>
    /// Records a call at <paramref name="now"/>. Returns false, without recording it, when the call is a loop.
    /// </summary>
    public bool TryRecord(ulong key, long now)
    {
        // Same slot as key % count; for a power-of-two table (the default 256) without a 64-bit division.
        var start = _slotMask != 0 ? (int)(key & _slotMask) : (int)(key % (ulong)_slotCount);
        var victim = -1;
        var victimNewest = long.MaxValue;
        for (var probe = 0; probe < ProbeLength && probe < _slotCount; probe++)
        {
            var slot = start + probe;
            if (slot >= _slotCount)
            {
                slot -= _slotCount;
            }

            // Look before locking: a slot that holds another identity still inside the window is only a candidate
            // victim, and taking its lock just to read it would cost one atomic instruction per probed slot (up to
            // eight for a new call when the table is full). Only a slot this call may use is locked, and the
            // decision is made again under the lock, where it is authoritative.
            var slotKey = Volatile.Read(ref _keys[slot]);
            var newest = Volatile.Read(ref _newest[slot]);
            if (slotKey == key || slotKey == 0 || now - newest > _windowTicks)
            {
                Lock(slot);
                slotKey = _keys[slot];
                if (slotKey == key)
                {
                    var admitted = RecordLocked(slot, now);
                    Unlock(slot);
                    return admitted;
                }

                if (slotKey == 0 || now - _newest[slot] > _windowTicks)
                {
                    Claim(slot, key, now);
                    Unlock(slot);
                    return true;
                }

                // Another call took the slot meanwhile: it is just another busy slot.
                newest = _newest[slot];
                Unlock(slot);
            }

            if (newest < victimNewest)
            {
                victimNewest = newest;
                victim = slot;
            }
        }

        // Every probed slot is in use by another identity: forget the one seen least recently.
        Lock(victim);
        if (_keys[victim] == key)
        {
            var admitted = RecordLocked(victim, now);
            Unlock(victim);
            return admitted;
        }

        Claim(victim, key, now);
        Unlock(victim);
        return true;
    }

    private bool RecordLocked(int slot, long now)
    {
        var baseIndex = slot * _repeats;
        var count = _counts[slot];
        if (count < _repeats)
        {
            _times[baseIndex + ((_heads[slot] + count) % _repeats)] = now;
            _counts[slot] = count + 1;
            _newest[slot] = now;
            return true;
        }

        var head = _heads[slot];
        var oldest = _times[baseIndex + head];
        if (now - oldest <= _windowTicks)
        {
            return false;
        }

        // The oldest call left the window: overwrite it with this one and move the ring's start.
        _times[baseIndex + head] = now;
        _heads[slot] = head + 1 == _repeats ? 0 : head + 1;
        _newest[slot] = now;
        return true;
    }

    private void Claim(int slot, ulong key, long now)
    {
        _keys[slot] = key;
        _heads[slot] = 0;
        _counts[slot] = 1;
        _times[slot * _repeats] = now;
        _newest[slot] = now;
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

    private void Unlock(int slot) => Volatile.Write(ref _locks[slot], 0);
}
