namespace AgentBudget.Extensions.AI.Internal;

/// <summary>
/// 64-bit FNV-1a: a stable, allocation-free fingerprint for loop detection. Stable across processes and runtimes
/// (unlike <see cref="string.GetHashCode()"/>), so identical calls always collide and nothing else depends on it.
/// </summary>
internal struct Fnv1a64
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    private ulong _hash;
    private bool _started;

    public readonly ulong Value => _started ? (_hash == 0 ? 1UL : _hash) : OffsetBasis;

    public void Append(string? text)
    {
        if (!_started)
        {
            _hash = OffsetBasis;
            _started = true;
        }

        if (text is null)
        {
            AppendChar('\u0001');
            return;
        }

        foreach (var c in text)
        {
            AppendChar(c);
        }

        // A separator, so ("ab","c") and ("a","bc") differ.
        AppendChar('\u0000');
    }

    private void AppendChar(char c)
    {
        unchecked
        {
            _hash ^= (byte)c;
            _hash *= Prime;
            _hash ^= (byte)(c >> 8);
            _hash *= Prime;
        }
    }
}
