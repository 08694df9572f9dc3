using AgentBudget.Tests.TestSupport;

namespace AgentBudget.Tests.Alerts;

public class CallbackTests
{
    private sealed class ThrowingSink : IBudgetEventSink
    {
        public void Publish(BudgetAlert alert) => throw new InvalidOperationException("sink down");
    }

    private sealed class RecordingSink : IBudgetEventSink
    {
        public List<BudgetAlert> Alerts { get; } = [];

        public void Publish(BudgetAlert alert) => Alerts.Add(alert);
    }

    [Fact]
    public void Failing_callbacks_and_sinks_never_reach_the_agent_and_are_counted()
    {
        var options = new BudgetOptions
        {
            MaxSpend = Usd.Of(1m),
            OnSoftLimit = _ => throw new InvalidOperationException("callback bug"),
        };
        options.AlertSinks.Add(new ThrowingSink());
        using var session = new Budget(options).StartSession();

        session.Track(Usd.Of(0.95m), "t");

        Assert.Equal(Usd.Of(0.95m), session.Spent);
        Assert.Equal(2, session.Report().CallbackErrors);
    }

    [Fact]
    public void Sinks_receive_soft_hard_and_loop_alerts_with_their_details()
    {
        var sink = new RecordingSink();
        var options = new BudgetOptions { MaxSpend = Usd.Of(1m), LoopDetection = new LoopDetectionOptions { MaxRepeatedCalls = 1 } };
        options.AlertSinks.Add(sink);
        var budget = new Budget(options);

        using (var spender = budget.StartSession("spender"))
        {
            spender.Track(Usd.Of(0.95m), "t", 1);
            Assert.Throws<BudgetExhaustedException>(() => spender.Track(Usd.Of(0.10m), "t", 2));
        }

        using (var looper = budget.StartSession("looper"))
        {
            looper.Track(Usd.Of(0.01m), "t", 1);
            Assert.Throws<LoopDetectedException>(() => looper.Track(Usd.Of(0.01m), "t", 1));
        }

        Assert.Equal([BudgetEventKind.SoftLimit, BudgetEventKind.HardLimit, BudgetEventKind.LoopDetected], sink.Alerts.Select(a => a.Kind));
        Assert.Equal(["spender", "spender", "looper"], sink.Alerts.Select(a => a.SessionId));
        Assert.Equal(TerminationReason.BudgetExhausted, sink.Alerts[1].Event.Reason);
        Assert.Equal(TerminationReason.LoopDetected, sink.Alerts[2].Event.Reason);
        Assert.Equal("t", sink.Alerts[2].Event.Name);
        Assert.Equal(0.95m, sink.Alerts[0].Report().TotalSpent);
    }
}
