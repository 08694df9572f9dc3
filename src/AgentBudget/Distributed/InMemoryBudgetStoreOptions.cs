using System;

namespace AgentBudget.Distributed;

/// <summary>Settings of an <see cref="InMemoryBudgetStore"/>.</summary>
public sealed class InMemoryBudgetStoreOptions
{
    /// <summary>The clock for period windows and reservation expiry. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// How long a settled, released or expired reservation is remembered (so that a late settle still finds its scopes,
    /// and a second settle under another key is recognised). Default: 24 hours.
    /// </summary>
    public TimeSpan RecordRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long an applied idempotency key is remembered, i.e. how late a retried settle is still recognised. Default: 24 hours.</summary>
    public TimeSpan IdempotencyKeyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the counters of a finished window are kept after it ends (for reports). Default: 35 days.</summary>
    public TimeSpan UsageRetention { get; set; } = TimeSpan.FromDays(35);
}
