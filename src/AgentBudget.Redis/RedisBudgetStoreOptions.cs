using System;
using AgentBudget.Distributed;

namespace AgentBudget.Redis;

/// <summary>Settings of a <see cref="RedisBudgetStore"/>.</summary>
public sealed class RedisBudgetStoreOptions
{
    /// <summary>
    /// The prefix of every key, used as a Redis Cluster hash tag (<c>{agentbudget}:...</c>) so that one script can touch
    /// all the scopes of a call atomically. Different prefixes give independent ledgers in one Redis. Default <c>agentbudget</c>.
    /// </summary>
    public string KeyPrefix { get; set; } = "agentbudget";

    /// <summary>The Redis database number; -1 uses the connection's default. Default -1.</summary>
    public int Database { get; set; } = -1;

    /// <summary>
    /// The clock for period windows and reservation expiry. Every process of a fleet must agree on the time (NTP), because
    /// one process reclaims holds that another made. Default <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>What to do when Redis cannot be reached. Default <see cref="StoreFailurePolicy.FailClosed"/>.</summary>
    public StoreFailurePolicy FailurePolicy { get; set; } = StoreFailurePolicy.FailClosed;

    /// <summary>
    /// Under <see cref="StoreFailurePolicy.FailOpen"/>, the most this process may reserve and spend in total while Redis
    /// is unavailable, over the store's lifetime. Must be positive with fail open. Default zero.
    /// </summary>
    public Money EmergencyCap { get; set; } = Money.Zero;

    /// <summary>How long an applied settle's idempotency key is kept, i.e. how late a retried settle is still recognised. Default 24 hours.</summary>
    public TimeSpan IdempotencyKeyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a settled, released or expired reservation record is kept, so that a late settle still finds its scopes
    /// and records the cost. Default 24 hours.
    /// </summary>
    public TimeSpan RecordRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a window's counters are kept after the window ends (for reports). Default 35 days.</summary>
    public TimeSpan UsageRetention { get; set; } = TimeSpan.FromDays(35);

    /// <summary>The most expired reservations one script call reclaims, which bounds the time a script blocks Redis. Default 100.</summary>
    public int ReclaimBatchSize { get; set; } = 100;

    internal void Validate()
    {
        if (string.IsNullOrEmpty(KeyPrefix) || KeyPrefix.IndexOfAny(['{', '}', ' ', '\t', '\r', '\n']) >= 0)
        {
            throw new ArgumentException("The key prefix must be non-empty and contain no braces or whitespace.", nameof(KeyPrefix));
        }

        if (TimeProvider is null)
        {
            throw new ArgumentException("A TimeProvider is required.", nameof(TimeProvider));
        }

        if (FailurePolicy == StoreFailurePolicy.FailOpen && EmergencyCap <= Money.Zero)
        {
            throw new ArgumentException("Fail open needs a positive EmergencyCap: it bounds what may be spent while Redis is down.", nameof(EmergencyCap));
        }

        if (IdempotencyKeyRetention < TimeSpan.FromSeconds(1) || RecordRetention < TimeSpan.FromSeconds(1) || UsageRetention < TimeSpan.Zero)
        {
            throw new ArgumentException("Retentions must be at least one second (usage retention may be zero).");
        }

        if (ReclaimBatchSize < 1)
        {
            throw new ArgumentException("The reclaim batch size must be positive.", nameof(ReclaimBatchSize));
        }
    }
}
