using System;
using System.Text;
using AgentBudget.Distributed;
using StackExchange.Redis;

namespace AgentBudget.Redis;

/// <summary>
/// The key layout (see docs/distributed.md). Every key starts with the hash tag <c>{prefix}</c>, so all of a ledger's
/// keys live in one Redis Cluster slot and one script may touch any of them.
/// </summary>
internal sealed class RedisKeys
{
    private readonly string _tag;

    public RedisKeys(string prefix)
    {
        _tag = "{" + prefix + "}";
        Holds = _tag + ":holds";
        ReservationPrefix = _tag + ":r:";
    }

    /// <summary>The sorted set of holding reservations (member: escaped reservation id, score: expiry in Unix ms).</summary>
    public RedisKey Holds { get; }

    /// <summary>The prefix of reservation record keys; the scripts append the member from <see cref="Holds"/>.</summary>
    public string ReservationPrefix { get; }

    /// <summary>The hash of one scope's counters in one window: fields <c>settled</c> and <c>reserved</c> (picodollars).</summary>
    public RedisKey Counter(BudgetScopeKey key, BudgetWindow window)
        => _tag + ":s:" + key.Kind + ":" + Escape(key.Id) + ":" + window.Id;

    /// <summary>The hash of one reservation: <c>amount</c>, <c>scopes</c>, <c>state</c>, <c>expires</c>, <c>actual</c>.</summary>
    public RedisKey Reservation(string reservationId) => ReservationPrefix + Escape(reservationId);

    /// <summary>The string that marks a settle's idempotency key as applied (value: reservation member and actual).</summary>
    public RedisKey Idempotency(string idempotencyKey) => _tag + ":i:" + Escape(idempotencyKey);

    /// <summary>
    /// Percent-encodes everything but RFC 3986 unreserved characters, byte by byte in UTF-8. Written out rather than
    /// <see cref="Uri.EscapeDataString(string)"/> so that every framework maps an id to the same key, and so that ids can
    /// contain no <c>:</c>, brace or newline that would confuse the key layout or the scripts' newline-separated lists.
    /// </summary>
    public static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '.' or '_' or '~')
            {
                builder.Append(c);
            }
            else
            {
                const string hex = "0123456789ABCDEF";
                builder.Append('%').Append(hex[b >> 4]).Append(hex[b & 0xF]);
            }
        }

        return builder.ToString();
    }
}
