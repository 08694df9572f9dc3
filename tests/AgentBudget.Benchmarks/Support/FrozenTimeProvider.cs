namespace AgentBudget.Benchmarks.Support;

/// <summary>A clock that never moves: every call of a benchmark happens inside the same loop-detection window.</summary>
internal sealed class FrozenTimeProvider : TimeProvider
{
    private readonly DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => 1_000_000_000L;

    public override DateTimeOffset GetUtcNow() => _now;
}
