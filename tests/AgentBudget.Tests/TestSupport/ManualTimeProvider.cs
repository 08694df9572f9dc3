namespace AgentBudget.Tests.TestSupport;

/// <summary>A clock that only moves when a test advances it (timestamps in 100 ns ticks).</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private long _ticks;
    private readonly DateTimeOffset _origin;

    public ManualTimeProvider(DateTimeOffset? origin = null) => _origin = origin ?? new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _origin.AddTicks(Interlocked.Read(ref _ticks));

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
