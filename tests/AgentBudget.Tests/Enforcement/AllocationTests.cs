using AgentBudget.Pricing;
using AgentBudget.Tests.TestSupport;

namespace AgentBudget.Tests.Enforcement;

public class AllocationTests
{
    private static BudgetSession Session() => new Budget(new BudgetOptions
    {
        MaxSpend = Usd.Of(1000m),
        Prices = TestPrices.Catalog(),
        EventCapacity = 256,
        LoopDetection = new LoopDetectionOptions { MaxRepeatedCalls = 10 },
    }).StartSession();

    [Fact]
    public void Track_allocates_nothing_at_steady_state()
    {
        using var session = Session();
        var cost = Usd.Of(0.000001m);
        for (var i = 0; i < 1000; i++)
        {
            session.Track(cost, "search", (ulong)i);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            session.Track(cost, "search", (ulong)(i + 1000));
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(11_000, session.Report().Breakdown.Tools.Calls);
    }

    [Fact]
    public void Recording_usage_and_reserving_then_settling_allocate_nothing_at_steady_state()
    {
        using var session = Session();
        var usage = TokenUsage.FromOpenAI(1200, 300, cachedTokens: 200);
        for (var i = 0; i < 1000; i++)
        {
            session.RecordUsage("gpt-4o", usage);
            session.ReserveLlmCall("gpt-4o", 1200, 300, (ulong)i).SettleUsage("gpt-4o", usage);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 5000; i++)
        {
            session.RecordUsage("gpt-4o", usage);
            session.ReserveLlmCall("gpt-4o", 1200, 300, (ulong)(i + 1000)).SettleUsage("gpt-4o", usage);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(12_000, session.Report().Breakdown.Llm.Calls);
    }

    [Fact]
    public void Building_a_fingerprint_allocates_nothing()
    {
        var query = "weather in Paris";
        var fingerprint = default(CallFingerprint);
        fingerprint.Add(query);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var combined = 0UL;
        for (var i = 0; i < 1000; i++)
        {
            var f = default(CallFingerprint);
            f.Add(query);
            f.Add(i);
            f.Add(3.5m);
            combined ^= f.Value;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
