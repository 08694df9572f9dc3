using System.Collections.Generic;

namespace AgentBudget.Interception;

/// <summary>
/// The loop-detection fingerprint of a tool call: the tool name plus its arguments, hashed without allocating.
/// Strings and primitives are hashed by value; any other argument through <see cref="EqualityComparer{T}.Default"/>,
/// which is generic, so a struct argument is not boxed.
/// </summary>
/// <example><c>ArgumentFingerprint.Of("serp_api").Add(query).Add(page).Value</c></example>
public struct ArgumentFingerprint
{
    private CallFingerprint _hash;

    /// <summary>Starts a fingerprint for the tool <paramref name="toolName"/>.</summary>
    /// <param name="toolName">The tool name.</param>
    /// <returns>The fingerprint so far.</returns>
    public static ArgumentFingerprint Of(string toolName)
    {
        var fingerprint = default(ArgumentFingerprint);
        fingerprint._hash.Add(toolName);
        return fingerprint;
    }

    /// <summary>The 64-bit fingerprint.</summary>
    public readonly ulong Value => _hash.Value;

    /// <summary>Adds a string argument (null and empty differ).</summary>
    /// <param name="value">The argument.</param>
    /// <returns>The fingerprint so far.</returns>
    public ArgumentFingerprint Add(string? value)
    {
        _hash.Add(value is null);
        _hash.Add(value);
        return this;
    }

    /// <summary>Adds an integer argument.</summary>
    /// <param name="value">The argument.</param>
    /// <returns>The fingerprint so far.</returns>
    public ArgumentFingerprint Add(int value)
    {
        _hash.Add(value);
        return this;
    }

    /// <summary>Adds a long argument.</summary>
    /// <param name="value">The argument.</param>
    /// <returns>The fingerprint so far.</returns>
    public ArgumentFingerprint Add(long value)
    {
        _hash.Add(value);
        return this;
    }

    /// <summary>Adds a Boolean argument.</summary>
    /// <param name="value">The argument.</param>
    /// <returns>The fingerprint so far.</returns>
    public ArgumentFingerprint Add(bool value)
    {
        _hash.Add(value);
        return this;
    }

    /// <summary>Adds a double argument (by its bits).</summary>
    /// <param name="value">The argument.</param>
    /// <returns>The fingerprint so far.</returns>
    public ArgumentFingerprint Add(double value)
    {
        _hash.Add(value);
        return this;
    }

    /// <summary>Adds a decimal argument.</summary>
    /// <param name="value">The argument.</param>
    /// <returns>The fingerprint so far.</returns>
    public ArgumentFingerprint Add(decimal value)
    {
        _hash.Add(value);
        return this;
    }

    /// <summary>Adds any other argument by its hash code, without boxing a struct.</summary>
    /// <typeparam name="T">The argument type.</typeparam>
    /// <param name="value">The argument.</param>
    /// <returns>The fingerprint so far.</returns>
    public ArgumentFingerprint Add<T>(T value)
    {
        _hash.Add(value is null ? 0 : EqualityComparer<T>.Default.GetHashCode(value!));
        return this;
    }
}
