using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AgentBudget.Benchmarks.Runtime;

/// <summary>
/// Throughput of one session charged by 1, 2, 4 and 8 threads at once, all on the same tool (the most contended case:
/// one committed counter, one spent counter, one tool aggregate, one event sequence). Each invocation makes
/// <see cref="CallsPerInvocation"/> calls split evenly between the threads, so the reported time per operation is
/// wall time ÷ calls: lower is more throughput. Baseline: a bare shared CAS counter hammered the same way.
/// The exact total is checked after every invocation; a single lost or doubled picodollar fails the run.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
public class ContendedChargingBenchmarks
{
    public const int CallsPerInvocation = 80_000;
    private const string Tool = "web_search";
    private static readonly Money ToolCost = Money.FromPicodollars(1_000_001); // an odd amount, so any lost update shows
    private static readonly Money Limit = Money.FromPicodollars(9_000_000_000_000_000_000);

    private BudgetSession _session = null!;
    private BudgetSession _noEvents = null!;
    private WorkerGang _gang = null!;
    private long _counter;
    private long _expectedCalls;
    private long _expectedNoEventCalls;
    private long _expectedCounter;

    [Params(1, 2, 4, 8)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _session = new Budget(new BudgetOptions
        {
            MaxSpend = Limit,
            LoopDetection = new LoopDetectionOptions { MaxRepeatedCalls = 0 },
        }).StartSession();
        _session.Track(ToolCost, Tool);
        _expectedCalls = 1;
        _noEvents = new Budget(new BudgetOptions
        {
            MaxSpend = Limit,
            EventCapacity = 0,
            LoopDetection = new LoopDetectionOptions { MaxRepeatedCalls = 0 },
        }).StartSession();
        _noEvents.Track(ToolCost, Tool);
        _expectedNoEventCalls = 1;
        _gang = new WorkerGang(Threads);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _gang.Dispose();
        foreach (var (session, expected) in new[] { (_session, _expectedCalls), (_noEvents, _expectedNoEventCalls) })
        {
            var report = session.Report();
            session.Dispose();
            Console.WriteLine($"// contended check ({Threads} threads): {report.Breakdown.Tools.Calls} calls, spent {report.TotalSpent} "
                + $"(expected {expected} calls, {ToolCost * expected})");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = CallsPerInvocation, Description = "Shared CAS counter")]
    public void SharedCounter()
    {
        _gang.Run(calls =>
        {
            for (var i = 0; i < calls; i++)
            {
                long current;
                do
                {
                    current = Volatile.Read(ref _counter);
                }
                while (Interlocked.CompareExchange(ref _counter, current + 1, current) != current);
            }
        }, CallsPerInvocation);
        _expectedCounter += CallsPerInvocation;
        if (Volatile.Read(ref _counter) != _expectedCounter)
        {
            throw new InvalidOperationException($"Counter is {_counter}, expected {_expectedCounter}.");
        }
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvocation, Description = "Track on one session, event log off")]
    public void TrackWithoutEvents()
    {
        _gang.Run(calls =>
        {
            for (var i = 0; i < calls; i++)
            {
                _noEvents.Track(ToolCost, Tool);
            }
        }, CallsPerInvocation);
        _expectedNoEventCalls += CallsPerInvocation;
        if (_noEvents.Spent != ToolCost * _expectedNoEventCalls)
        {
            throw new InvalidOperationException($"Spent {_noEvents.Spent}, expected exactly {ToolCost * _expectedNoEventCalls}.");
        }
    }

    [Benchmark(OperationsPerInvoke = CallsPerInvocation, Description = "Track on one session (default event log)")]
    public void Track()
    {
        _gang.Run(calls =>
        {
            for (var i = 0; i < calls; i++)
            {
                _session.Track(ToolCost, Tool);
            }
        }, CallsPerInvocation);
        _expectedCalls += CallsPerInvocation;
        if (_session.Spent != ToolCost * _expectedCalls)
        {
            throw new InvalidOperationException($"Spent {_session.Spent}, expected exactly {ToolCost * _expectedCalls}.");
        }
    }

    /// <summary>Threads started once and reused, so an invocation measures charging, not thread start-up.</summary>
    private sealed class WorkerGang : IDisposable
    {
        private readonly Thread[] _threads;
        private readonly Barrier _start;
        private readonly Barrier _done;
        private Action<int>? _work;
        private int _callsPerThread;
        private volatile bool _stopping;

        public WorkerGang(int threads)
        {
            _start = new Barrier(threads + 1);
            _done = new Barrier(threads + 1);
            _threads = new Thread[threads];
            for (var i = 0; i < threads; i++)
            {
                _threads[i] = new Thread(Loop) { IsBackground = true, Name = "bench-worker-" + i };
                _threads[i].Start();
            }
        }

        public void Run(Action<int> work, int totalCalls)
        {
            _work = work;
            _callsPerThread = totalCalls / _threads.Length;
            _start.SignalAndWait();
            _done.SignalAndWait();
        }

        public void Dispose()
        {
            _stopping = true;
            _start.SignalAndWait();
            foreach (var thread in _threads)
            {
                thread.Join();
            }

            _start.Dispose();
            _done.Dispose();
        }

        private void Loop()
        {
            while (true)
            {
                _start.SignalAndWait();
                if (_stopping)
                {
                    return;
                }

                _work!(_callsPerThread);
                _done.SignalAndWait();
            }
        }
    }
}
