namespace AgentBudget.Benchmarks.Support;

/// <summary>
/// A clock whose every reading is <see cref="Step"/> later than the previous one (single-threaded use). With a step
/// longer than window ÷ allowed repeats, one call identity repeated forever is never a loop, so the loop detector's
/// steady-state path (ring full, oldest entry outside the window) can be measured without tripping it.
/// </summary>
internal sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
{
    private readonly DateTimeOffset _origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _ticks;

    public TimeSpan Step { get; } = step;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks += Step.Ticks;

    public override DateTimeOffset GetUtcNow() => _origin.AddTicks(_ticks);
}
