using System.Diagnostics;
using AgentBudget.Pricing;
using AgentBudget.Tests.TestSupport;
using Xunit.Abstractions;

namespace AgentBudget.Tests.Enforcement;

using Money = AgentBudget.Money;

/// <summary>Runs alone: its busy tasks would otherwise starve the thread pool that timing-sensitive tests (webhooks) share.</summary>
[Collection(StressCollection.Name)]
public class ConcurrencyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sixty_four_tasks_of_a_hundred_thousand_charges_lose_no_update_and_fire_the_soft_limit_once()
    {
        const int Tasks = 64;
        const int ChargesPerTask = 100_000;
        var softLimitCalls = 0;
        using var session = new Budget(new BudgetOptions
        {
            MaxSpend = Usd.Of(10m),
            SoftLimitFraction = 0.5,
            LoopDetection = new LoopDetectionOptions { MaxRepeatedCalls = 0 },
            OnSoftLimit = _ => Interlocked.Increment(ref softLimitCalls),
        }).StartSession();
        var micro = Usd.Of(0.000001m);
        using var start = new ManualResetEventSlim();

        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Tasks).Select(t => Task.Run(() =>
        {
            start.Wait();
            var tool = "tool-" + (t % 8).ToString(System.Globalization.CultureInfo.InvariantCulture);
            for (var i = 0; i < ChargesPerTask; i++)
            {
                session.Track(micro, tool);
            }
        })).ToArray();
        start.Set();
        await Task.WhenAll(workers);
        stopwatch.Stop();

        var report = session.Report();
        output.WriteLine($"64 x 100,000 charges: spent {session.Spent}, calls {report.Breakdown.Tools.Calls}, soft-limit callbacks {softLimitCalls}, events {report.EventsTotal} (dropped {report.EventsDropped}), {stopwatch.ElapsedMilliseconds} ms");
        Assert.Equal(Usd.Of(6.4m), session.Spent);
        Assert.Equal(Tasks * ChargesPerTask, report.Breakdown.Tools.Calls);
        Assert.Equal(6.4m, report.Breakdown.Tools.Total);
        Assert.Equal(0.8m, report.Breakdown.Tools.ByTool["tool-3"]);
        Assert.Equal(1, softLimitCalls);
        Assert.Equal(Money.Zero, session.Reserved);
        // One event per charge plus the soft limit.
        Assert.Equal(Tasks * ChargesPerTask + 1, report.EventsTotal);
        Assert.Equal(1024, report.Events.Count);
    }

    [Fact]
    public async Task Concurrent_reservations_never_oversubscribe_the_limit()
    {
        using var session = new Budget(new BudgetOptions
        {
            MaxSpend = Usd.Of(1m),
            LoopDetection = new LoopDetectionOptions { MaxRepeatedCalls = 0 },
        }).StartSession();
        var admitted = new System.Collections.Concurrent.ConcurrentBag<BudgetReservation>();
        var refusals = 0;
        using var start = new ManualResetEventSlim();
        var workers = Enumerable.Range(0, 64).Select(_ => Task.Run(() =>
        {
            start.Wait();
            for (var i = 0; i < 10; i++)
            {
                try
                {
                    admitted.Add(session.Reserve(Usd.Of(0.03m), "crawl", CallKind.Tool));
                }
                catch (BudgetExhaustedException)
                {
                    Interlocked.Increment(ref refusals);
                }
            }
        })).ToArray();
        start.Set();
        await Task.WhenAll(workers);

        // 33 × $0.03 = $0.99 fits; a 34th would need $1.02.
        Assert.Equal(33, admitted.Count);
        Assert.Equal(640 - 33, refusals);
        Assert.Equal(Usd.Of(0.99m), session.Reserved);

        await Task.WhenAll(admitted.Select(r => Task.Run(() => r.Settle(Usd.Of(0.02m)))));
        Assert.Equal(Usd.Of(0.66m), session.Spent);
        Assert.Equal(Money.Zero, session.Reserved);
    }

    [Fact]
    public async Task Reserved_plus_settled_never_exceeds_the_limit_under_any_interleaving()
    {
        using var session = new Budget(new BudgetOptions
        {
            MaxSpend = Usd.Of(2m),
            LoopDetection = new LoopDetectionOptions { MaxRepeatedCalls = 0 },
            Prices = TestPrices.Catalog(),
            UnknownModels = UnknownModelPolicy.RecordUnpriced,
        }).StartSession();
        var limit = session.Limit.Picodollars;
        var maxObserved = 0L;
        var settledExpected = 0L;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var committed = session.CommittedPicodollars;
                if (committed > Interlocked.Read(ref maxObserved))
                {
                    Interlocked.Exchange(ref maxObserved, committed);
                }
            }
        });

        var workers = Enumerable.Range(0, 32).Select(seed => Task.Run(() =>
        {
            var random = new Random(seed);
            while (true)
            {
                var estimate = Money.FromMicrodollars(random.Next(1, 20_000));
                BudgetReservation reservation;
                try
                {
                    reservation = session.Reserve(estimate, "t", CallKind.Tool);
                }
                catch (BudgetExhaustedException)
                {
                    return;
                }

                var actual = Money.FromPicodollars(estimate.Picodollars / 2);
                reservation.Settle(actual);
                Interlocked.Add(ref settledExpected, actual.Picodollars);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        stop.Cancel();
        await sampler;

        Assert.True(maxObserved <= limit, $"committed reached {maxObserved} picodollars, above the limit {limit}");
        Assert.Equal(settledExpected, session.Spent.Picodollars);
        Assert.Equal(Money.Zero, session.Reserved);
        Assert.Equal(TerminationReason.BudgetExhausted, session.TerminatedBy);
    }

    [Fact]
    public async Task The_soft_limit_fires_exactly_once_when_many_callers_cross_it_together()
    {
        for (var round = 0; round < 20; round++)
        {
            var fired = 0;
            using var session = new Budget(new BudgetOptions
            {
                MaxSpend = Usd.Of(1m),
                SoftLimitFraction = 0.01,
                LoopDetection = new LoopDetectionOptions { MaxRepeatedCalls = 0 },
                OnSoftLimit = _ => Interlocked.Increment(ref fired),
            }).StartSession();
            using var start = new ManualResetEventSlim();
            var workers = Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
            {
                start.Wait();
                session.Track(Usd.Of(0.01m), "t");
            })).ToArray();
            start.Set();
            await Task.WhenAll(workers);

            Assert.Equal(1, fired);
            Assert.Equal(Usd.Of(0.16m), session.Spent);
        }
    }
}
