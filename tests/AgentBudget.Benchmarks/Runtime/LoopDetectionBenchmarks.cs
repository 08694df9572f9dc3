using AgentBudget.Benchmarks.Support;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AgentBudget.Benchmarks.Runtime;

/// <summary>
/// Cost of loop detection per call once <see cref="CallsInWindow"/> calls are already inside the 60-second window
/// (the clock is frozen, so none ever leaves it). Every measured call has new arguments (a new fingerprint), so it is
/// never a loop and, once the 256-slot table is full, always takes the detector's worst path: probe 8 slots, evict the
/// least recently used. Baseline: the same charge with detection off. The original SDK keeps every timestamp of the
/// window and filters the list on each call; <c>WindowScan</c> reproduces that algorithm in C# for the ratio.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
public class LoopDetectionBenchmarks
{
    private const string Tool = "web_search";
    private static readonly Money ToolCost = Money.FromPicodollars(1_000_000);
    private static readonly Money Limit = Money.FromPicodollars(9_000_000_000_000_000_000);
    private static readonly long WindowTicks = TimeSpan.FromSeconds(60).Ticks;

    private BudgetSession _off = null!;
    private BudgetSession _on = null!;
    private List<long> _windowTimestamps = null!;
    private ulong _nextFingerprint;

    [Params(100, 10_000)]
    public int CallsInWindow { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _off = Start(loopDetection: false);
        _on = Start(loopDetection: true);
        _windowTimestamps = new List<long>(CallsInWindow + 1);
        var now = new FrozenTimeProvider().GetTimestamp();
        for (var i = 0; i < CallsInWindow; i++)
        {
            _nextFingerprint++;
            _off.Track(ToolCost, Tool, _nextFingerprint);
            _on.Track(ToolCost, Tool, _nextFingerprint);
            _windowTimestamps.Add(now - i);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _off.Dispose();
        _on.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Track, loop detection off")]
    public void TrackWithoutDetection() => _off.Track(ToolCost, Tool, ++_nextFingerprint);

    [Benchmark(Description = "Track, loop detection on (new call, table full)")]
    public void TrackWithDetection() => _on.Track(ToolCost, Tool, ++_nextFingerprint);

    [Benchmark(Description = "Original's algorithm: filter the window's timestamps (reference)")]
    public int WindowScan()
    {
        // What the original does per call: keep the timestamps still inside the window (a new list), count them.
        var now = _windowTimestamps[0];
        var kept = new List<long>(_windowTimestamps.Count);
        foreach (var timestamp in _windowTimestamps)
        {
            if (now - timestamp < WindowTicks)
            {
                kept.Add(timestamp);
            }
        }

        return kept.Count;
    }

    private static BudgetSession Start(bool loopDetection) => new Budget(new BudgetOptions
    {
        MaxSpend = Limit,
        TimeProvider = new FrozenTimeProvider(),
        LoopDetection = new LoopDetectionOptions { MaxRepeatedCalls = loopDetection ? 10 : 0 },
    }).StartSession();
}
