using AgentBudget.Loops;
using AgentBudget.Pricing;
using AgentBudget.Tests.TestSupport;

namespace AgentBudget.Tests.Loops;

public class LoopDetectionTests
{
    private static BudgetSession Session(ManualTimeProvider clock, List<BudgetAlert>? alerts = null, int maxRepeatedCalls = 10) => new Budget(new BudgetOptions
    {
        MaxSpend = Usd.Of(100m),
        TimeProvider = clock,
        Prices = TestPrices.Catalog(),
        LoopDetection = new LoopDetectionOptions { MaxRepeatedCalls = maxRepeatedCalls, Window = TimeSpan.FromSeconds(60) },
        OnLoopDetected = alerts is null ? null : alerts.Add,
    }).StartSession("loop-session");

    [Fact]
    public void The_eleventh_identical_call_inside_the_window_trips()
    {
        var clock = new ManualTimeProvider();
        var alerts = new List<BudgetAlert>();
        using var session = Session(clock, alerts);
        var fingerprint = CallFingerprint.Of("same query");
        for (var i = 0; i < 10; i++)
        {
            session.Track(Usd.Of(0.01m), "search", fingerprint);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var exception = Assert.Throws<LoopDetectedException>(() => session.Track(Usd.Of(0.01m), "search", fingerprint));
        Assert.Equal("search", exception.CallName);
        Assert.Equal(fingerprint, exception.Fingerprint);
        Assert.Equal(10, exception.MaxRepeatedCalls);
        Assert.Equal(TimeSpan.FromSeconds(60), exception.Window);
        Assert.Equal(TerminationReason.LoopDetected, session.TerminatedBy);
        Assert.Equal(Usd.Of(0.10m), session.Spent);
        var alert = Assert.Single(alerts);
        Assert.Equal("search", alert.Event.Name);
        Assert.Equal(fingerprint, alert.Event.Fingerprint);

        // Latched: the next call, even a different one, is refused with the loop that stopped the session.
        var later = Assert.Throws<LoopDetectedException>(() => session.Track(Usd.Of(0.01m), "other"));
        Assert.Equal("search", later.CallName);
    }

    [Fact]
    public void The_same_tool_with_different_arguments_is_not_a_loop()
    {
        using var session = Session(new ManualTimeProvider());
        for (var i = 0; i < 1000; i++)
        {
            var fingerprint = default(CallFingerprint);
            fingerprint.Add("page");
            fingerprint.Add(i);
            session.Track(Usd.Of(0.001m), "search", fingerprint.Value);
        }

        Assert.False(session.IsTerminated);
        Assert.Equal(Usd.Of(1m), session.Spent);
    }

    [Fact]
    public void Repeated_llm_calls_with_different_prompts_are_not_a_loop_but_the_same_prompt_is()
    {
        using var session = Session(new ManualTimeProvider());
        for (var i = 0; i < 50; i++)
        {
            session.ReserveLlmCall("gpt-4o-mini", 10, 10, CallFingerprint.Of("prompt " + i)).Release();
        }

        for (var i = 0; i < 10; i++)
        {
            session.ReserveLlmCall("gpt-4o-mini", 10, 10, CallFingerprint.Of("stuck")).Release();
        }

        Assert.Throws<LoopDetectedException>(() => session.ReserveLlmCall("gpt-4o-mini", 10, 10, CallFingerprint.Of("stuck")));
    }

    [Fact]
    public void The_window_slides()
    {
        var clock = new ManualTimeProvider();
        using var session = Session(clock);
        for (var i = 0; i < 10; i++)
        {
            session.Track(Usd.Of(0.01m), "poll", 7);
            clock.Advance(TimeSpan.FromSeconds(6));
        }

        // Calls at 0, 6, …, 54 s; it is now 60 s. One tick later the first call has left the 60 s window.
        clock.Advance(TimeSpan.FromTicks(1));
        // At 60 s + 100 ns the first call left the window, so an 11th call is the 10th inside it.
        session.Track(Usd.Of(0.01m), "poll", 7);
        Assert.False(session.IsTerminated);

        // The second call was at 6 s; at 6 s + 60 s it is still inside, and this is an 11th call inside the window.
        clock.Advance(TimeSpan.FromSeconds(6) - TimeSpan.FromTicks(1));
        Assert.Throws<LoopDetectedException>(() => session.Track(Usd.Of(0.01m), "poll", 7));
    }

    [Fact]
    public void A_call_exactly_one_window_after_the_oldest_is_still_inside_it()
    {
        var detector = new LoopDetector(maxRepeatedCalls: 2, windowTicks: 100, maxTrackedCalls: 4);
        Assert.True(detector.TryRecord(42, 0));
        Assert.True(detector.TryRecord(42, 50));
        Assert.False(detector.TryRecord(42, 100));
        Assert.True(detector.TryRecord(42, 101));
        Assert.False(detector.TryRecord(42, 150));
    }

    [Fact]
    public void Zero_disables_detection()
    {
        using var session = Session(new ManualTimeProvider(), maxRepeatedCalls: 0);
        for (var i = 0; i < 100; i++)
        {
            session.Track(Usd.Of(0.01m), "same", 1);
        }

        Assert.False(session.IsTerminated);
    }

    [Fact]
    public void Memory_is_fixed_however_many_distinct_calls_there_are()
    {
        var detector = new LoopDetector(maxRepeatedCalls: 3, windowTicks: 1_000, maxTrackedCalls: 16);
        for (var i = 1; i <= 100_000; i++)
        {
            Assert.True(detector.TryRecord((ulong)i * 0x9E3779B97F4A7C15UL, now: 10));
        }

        Assert.Equal(16, detector.Capacity);
        Assert.Equal(48, detector.TimestampCapacity);

        // A hot identity is still caught after all that churn.
        const ulong hot = 0xDEADBEEFUL;
        Assert.True(detector.TryRecord(hot, 20));
        Assert.True(detector.TryRecord(hot, 21));
        Assert.True(detector.TryRecord(hot, 22));
        Assert.False(detector.TryRecord(hot, 23));
        // Once its oldest call is more than the window ago it is admitted again.
        Assert.True(detector.TryRecord(hot, 1_021));
    }
}
