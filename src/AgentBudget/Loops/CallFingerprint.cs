using System;

namespace AgentBudget;

/// <summary>
/// An allocation-free 64-bit fingerprint of a call's arguments or prompt, built incrementally (FNV-1a over UTF-16 code
/// units and 64-bit words). Used to tell "the same call again" (a loop) from "the same tool with new arguments".
/// Not cryptographic: it only needs to make accidental collisions between different argument lists unlikely.
/// </summary>
/// <example><code>var fp = new CallFingerprint(); fp.Add(query); fp.Add(page); session.Track(cost, "search", fp.Value);</code></example>
public struct CallFingerprint : IEquatable<CallFingerprint>
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    // Stored XOR the offset basis so that default(CallFingerprint) is a valid, empty fingerprint.
    private ulong _state;

    /// <summary>The fingerprint so far. Never 0 once anything was added (0 means "no fingerprint" to the session).</summary>
    public readonly ulong Value
    {
        get
        {
            var hash = Finalize(_state ^ OffsetBasis);
            return hash == 0 ? 1 : hash;
        }
    }

    /// <summary>Adds a string; <c>null</c>, empty and different splits of the same characters all give different fingerprints.</summary>
    public void Add(string? value)
    {
        if (value is null)
        {
            AddWord(0xA5A5_5A5A_0F0F_F0F0UL);
            return;
        }

        Add(value.AsSpan());
    }

    /// <summary>Adds characters, prefixed by their length so that ("ab","c") and ("a","bc") differ.</summary>
    public void Add(ReadOnlySpan<char> value)
    {
        var hash = _state ^ OffsetBasis;
        hash = Mix(hash, (ulong)value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            hash = (hash ^ value[i]) * Prime;
        }

        _state = hash ^ OffsetBasis;
    }

    /// <summary>Adds bytes, prefixed by their length.</summary>
    public void Add(ReadOnlySpan<byte> value)
    {
        var hash = _state ^ OffsetBasis;
        hash = Mix(hash, (ulong)value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            hash = (hash ^ value[i]) * Prime;
        }

        _state = hash ^ OffsetBasis;
    }

    /// <summary>Adds a 32-bit integer.</summary>
    public void Add(int value) => AddWord(unchecked((ulong)value));

    /// <summary>Adds a 64-bit integer.</summary>
    public void Add(long value) => AddWord(unchecked((ulong)value));

    /// <summary>Adds an unsigned 64-bit integer (for example another fingerprint).</summary>
    public void Add(ulong value) => AddWord(value);

    /// <summary>Adds a Boolean.</summary>
    public void Add(bool value) => AddWord(value ? 0x9E37_79B9_7F4A_7C15UL : 0x7F4A_7C15_9E37_79B9UL);

    /// <summary>Adds a decimal by its exact bits (1.0 and 1.00 differ, as they print differently).</summary>
    public void Add(decimal value)
    {
#if NET5_0_OR_GREATER
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
#else
        var bits = decimal.GetBits(value); // Allocates on netstandard2.0, which has no span overload.
#endif
        AddWord(((ulong)(uint)bits[0] << 32) | (uint)bits[1]);
        AddWord(((ulong)(uint)bits[2] << 32) | (uint)bits[3]);
    }

    /// <summary>Adds a double by its bits.</summary>
    public void Add(double value) => AddWord(unchecked((ulong)BitConverter.DoubleToInt64Bits(value)));

    /// <summary>Adds an amount of money.</summary>
    public void Add(Money value) => AddWord(unchecked((ulong)value.Picodollars));

    /// <summary>The fingerprint of a single string.</summary>
    public static ulong Of(string? value)
    {
        var fingerprint = default(CallFingerprint);
        fingerprint.Add(value);
        return fingerprint.Value;
    }

    /// <summary>Combines a call name's hash and an argument fingerprint into one well-mixed, non-zero key.</summary>
    internal static ulong CombineKey(ulong nameHash, ulong fingerprint)
    {
        var key = Finalize(nameHash ^ (fingerprint * 0x9E37_79B9_7F4A_7C15UL) ^ (fingerprint >> 29));
        return key == 0 ? 1 : key;
    }

    /// <summary>The hash used for call names (computed once per name and cached by the session).</summary>
    internal static ulong HashName(string name)
    {
        var fingerprint = default(CallFingerprint);
        fingerprint.Add(name.AsSpan());
        return fingerprint._state ^ OffsetBasis;
    }

    /// <inheritdoc />
    public readonly bool Equals(CallFingerprint other) => _state == other._state;

    /// <inheritdoc />
    public override readonly bool Equals(object? obj) => obj is CallFingerprint other && Equals(other);

    /// <inheritdoc />
    public override readonly int GetHashCode() => _state.GetHashCode();

#pragma warning disable CS1591
    public static bool operator ==(CallFingerprint left, CallFingerprint right) => left.Equals(right);
    public static bool operator !=(CallFingerprint left, CallFingerprint right) => !left.Equals(right);
#pragma warning restore CS1591

    private void AddWord(ulong word) => _state = Mix(_state ^ OffsetBasis, word) ^ OffsetBasis;

    private static ulong Mix(ulong hash, ulong word)
    {
        // Eight FNV-1a steps, one per byte of the word.
        for (var shift = 0; shift < 64; shift += 8)
        {
            hash = (hash ^ ((word >> shift) & 0xFF)) * Prime;
        }

        return hash;
    }

    // The MurmurHash3 64-bit finalizer: spreads FNV's weak high bits so that table indexes use all of them.
    private static ulong Finalize(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= 0xFF51_AFD7_ED55_8CCDUL;
        hash ^= hash >> 33;
        hash *= 0xC4CE_B9FE_1A85_EC53UL;
        hash ^= hash >> 33;
        return hash;
    }
}
