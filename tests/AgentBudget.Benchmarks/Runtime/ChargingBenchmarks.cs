using AgentBudget.Benchmarks.Support;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AgentBudget.Benchmarks.Runtime;

/// <summary>
/// One tool charge on one thread at steady state (the tool's aggregate exists), and the admission primitives around it.
/// Baseline: the bare compare-and-swap "add if within limit" every admission performs, the floor no charge can beat.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ChargingBenchmarks
{
    private const string Tool = "web_search";
    private static readonly Money ToolCost = Money.FromPicodollars(1_000_000); // $0.000001
    private static readonly Money Limit = Money.FromPicodollars(1_000_000_000_000_000_000); // $1,000,000: never reached here

    private BudgetSession _bare = null!;
    private BudgetSession _default = null!;
    private BudgetSession _withLoops = null!;
    private long _committed;
    private ulong _fingerprint;

    [GlobalSetup]
    public void Setup()
    {
        // No event log, no loop detection: admission, spend and the tool aggregate only.
        _bare = new Budget(new BudgetOptions
        {
            MaxSpend = Limit,
            EventCapacity = 0,
            LoopDetection = new LoopDetectionOptions { MaxRepeatedCalls = 0 },
        }).StartSession();

        // The defaults (event log of 1,024, system clock) with loop detection off: one tool repeated forever would be a loop.
        _default = new Budget(new BudgetOptions
        {
            MaxSpend = Limit,
            LoopDetection = new LoopDetectionOptions { MaxRepeatedCalls = 0 },
        }).StartSession();

        // Every default including loop detection (10 repeats per 60 s). The clock moves 7 s per reading, so the same call
        // repeated is never a loop and each call takes the detector's steady-state path: ring full, oldest entry expired.
        _withLoops = new Budget(new BudgetOptions
        {
            MaxSpend = Limit,
            TimeProvider = new SteppingTimeProvider(TimeSpan.FromSeconds(7)),
        }).StartSession();

        var fingerprint = new CallFingerprint();
        fingerprint.Add("what is the weather in Lisbon");
        _fingerprint = fingerprint.Value;

        for (var i = 0; i < 100; i++)
        {
            _bare.Track(ToolCost, Tool);
            _default.Track(ToolCost, Tool);
            _withLoops.Track(ToolCost, Tool, _fingerprint);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bare.Dispose();
        _default.Dispose();
        _withLoops.Dispose();
    }

    [Benchmark(Baseline = true, Description = "CAS add-if-within-limit (floor)")]
    [BenchmarkCategory("ToolCharge")]
    public bool CasAddIfWithinLimit()
    {
        var cost = ToolCost.Picodollars;
        var limit = Limit.Picodollars;
        while (true)
        {
            var current = Volatile.Read(ref _committed);
            if (cost > limit - current)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _committed, current + cost, current) == current)
            {
                return true;
            }
        }
    }

    [Benchmark(Description = "Clock read (TimeProvider.System)")]
    [BenchmarkCategory("ToolCharge")]
    public long ClockRead() => TimeProvider.System.GetTimestamp();

    [Benchmark(Description = "Track: no events, no loop detection")]
    [BenchmarkCategory("ToolCharge")]
    public void TrackBare() => _bare.Track(ToolCost, Tool);

    [Benchmark(Description = "Track: event log (default)")]
    [BenchmarkCategory("ToolCharge")]
    public void TrackDefault() => _default.Track(ToolCost, Tool);

    [Benchmark(Description = "Track: event log + loop detection")]
    [BenchmarkCategory("ToolCharge")]
    public void TrackWithLoopDetection() => _withLoops.Track(ToolCost, Tool, _fingerprint);

    [Benchmark(Description = "WouldExceed")]
    [BenchmarkCategory("ToolCharge")]
    public bool WouldExceed() => _default.WouldExceed(ToolCost);

    [Benchmark(Description = "Reserve + Settle (tool)")]
    [BenchmarkCategory("ToolCharge")]
    public bool ReserveAndSettle() => _default.Reserve(ToolCost, Tool, CallKind.Tool).Settle(ToolCost);

    [Benchmark(Description = "Reserve + Release (tool)")]
    [BenchmarkCategory("ToolCharge")]
    public bool ReserveAndRelease() => _default.Reserve(ToolCost, Tool, CallKind.Tool).Release();
}
