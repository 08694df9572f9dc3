using System.Reflection;
using AgentBudget.Budgeted.Tests.Infrastructure;

namespace AgentBudget.Budgeted.Tests;

/// <summary>
/// Compile-and-run tests of [Budgeted] members and [TrackTool] interception: one program, compiled once with the real
/// generator and the interceptors feature, exercising every tool shape and the edge cases of call-site discovery.
/// </summary>
public sealed class ToolTrackingTests
{
    private const string Program = """
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using AgentBudget;

namespace Agents
{
    [Budgeted("$0.50", MaxRepeatedCalls = 0)]
    public partial class ToolAgent
    {
        public int SoftLimitAlerts;
        public int SearchBodyRuns;

        [TrackTool(0.01, Name = "serp_api")]
        private Task<string> SearchAsync(string query) { SearchBodyRuns++; return Task.FromResult("hits:" + query); }

        [TrackTool(0.01)]
        public string Lookup(int id) => "item" + id;

        [TrackTool("$0.002")]
        public string Lookup(string key) => "key:" + key;

        [TrackTool(0.05, OnFailure = ToolFailureCharge.Release)]
        public void Flaky(bool fail) { if (fail) throw new InvalidOperationException("tool failed"); }

        [TrackTool(0.03)]
        public int Charged(bool fail) => fail ? throw new InvalidOperationException("charged anyway") : 1;

        [TrackTool(0.001)]
        public async ValueTask<int> CountAsync(int n) { await Task.Yield(); return n; }

        [TrackTool(0.004)]
        public async Task PingAsync() => await Task.Yield();

        [TrackTool(0.006)]
        public ValueTask TouchAsync() => default;

        [TrackTool(0.007)]
        public async IAsyncEnumerable<int> StreamAsync(int count)
        {
            for (var i = 0; i < count; i++) { await Task.Yield(); yield return i; }
        }

        [TrackTool(0.0001)]
        public static int Convert(int value) => value * 2;

        partial void OnSoftLimit(BudgetAlert alert) => SoftLimitAlerts++;

        public async Task<string> RunAsync(string topic)
        {
            var hits = await SearchAsync(topic);                       // Task<T>, implicit this
            var item = this.Lookup(7);                                 // overload (int)
            var key = Lookup("k");                                     // overload (string)
            Func<int, string> viaLambda = x => Lookup(x);              // inside a lambda
            string Local() => Lookup(8);                               // inside a local function
            var n = await CountAsync(3);                               // ValueTask<T>
            await PingAsync();                                         // Task
            await TouchAsync();                                        // ValueTask
            var sum = 0;
            await foreach (var i in StreamAsync(3)) sum += i;          // IAsyncEnumerable<T>
            var doubled = ToolAgent.Convert(21);                       // static tool
            return hits + "|" + item + "|" + key + "|" + viaLambda(9) + "|" + Local() + "|" + n + "|" + sum + "|" + doubled;
        }

        public int Failures()
        {
            var caught = 0;
            try { Flaky(true); } catch (InvalidOperationException) { caught++; }
            try { Charged(true); } catch (InvalidOperationException) { caught++; }
            return caught;
        }

        public int FiftyCents()
        {
            var calls = 0;
            for (var i = 0; i < 50; i++) { Lookup(i); calls++; }
            return calls;
        }

        /// <summary>Sync tool calls between two allocation readings (the runtime has seen the tool name already).</summary>
        public long AllocatedBySyncToolCalls(int calls)
        {
            Convert(0);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < calls; i++) Convert(i);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
    }

    [Budgeted("$1.00")]
    public partial class LoopingAgent
    {
        [TrackTool(0.001)]
        public string Search(string query) => query;
    }

    public static partial class Outer
    {
        [Budgeted("$2.00")]
        internal partial class Nested<T> where T : notnull
        {
            [TrackTool(0.02)]
            public string Describe(T value) => "nested:" + value;

            public string Run(T value) => Describe(value) + "|" + AmbientBudget.Current?.Id;
        }
    }

    public interface IRunner { Task<string> RunAsync(string topic); }

    [Budgeted("$1.00")]
    public partial class InterfaceAgent : IRunner
    {
        public Task<string> RunAsync(string topic) => Task.FromResult(AmbientBudget.Current?.Id ?? "none");
    }

    public static class Program
    {
        public static async Task<object[]> RunTools()
        {
            var agent = new ToolAgent();
            var result = await agent.RunAsync("dotnet");
            var afterRun = agent.Spent;
            var failures = agent.Failures();
            var afterFailures = agent.Spent;
            return new object[] { result, afterRun, failures, afterFailures, agent.SearchBodyRuns, agent.BudgetSession };
        }

        public static object[] FiftyCents()
        {
            var agent = new ToolAgent();
            var calls = agent.FiftyCents();
            Exception? refused = null;
            try { agent.Lookup(99); } catch (BudgetExhaustedException e) { refused = e; }
            return new object[] { calls, agent.Spent, agent.Remaining, refused!, agent.SoftLimitAlerts };
        }

        public static object[] Loop()
        {
            // Different arguments are different calls: ten of each pass.
            var varied = new LoopingAgent();
            for (var i = 0; i < 10; i++) { varied.Search("a"); varied.Search("b"); }
            var agent = new LoopingAgent();
            for (var i = 0; i < 10; i++) agent.Search("same");
            Exception? looped = null;
            try { agent.Search("same"); } catch (LoopDetectedException e) { looped = e; }
            return new object[] { looped!, varied.Spent, agent.Spent, agent.BudgetSession.IsTerminated };
        }

        public static object[] NestedGeneric()
        {
            var nested = new Outer.Nested<int>();
            var run = nested.Run(5);
            return new object[] { run, nested.Spent, nested.BudgetSession.Id };
        }

        public static async Task<object[]> ThroughInterface()
        {
            var agent = new InterfaceAgent();
            IRunner runner = agent;
            var viaInterface = await runner.RunAsync("x");              // not intercepted: typed as the interface
            var direct = await agent.RunAsync("x");                     // intercepted: the agent's session is ambient
            string scoped;
            using (agent.EnterBudgetScope()) { scoped = await runner.RunAsync("x"); }
            return new object[] { viaInterface, direct, scoped, agent.BudgetSession.Id };
        }

        public static object[] NewSession()
        {
            var agent = new ToolAgent();
            agent.Lookup(1);
            var first = agent.BudgetSession;
            var second = agent.StartNewBudgetSession();
            agent.Lookup(2);
            return new object[] { first.Spent, first.IsDisposed, second.Spent, ReferenceEquals(second, agent.BudgetSession), agent.Budget == second.Budget };
        }

        public static long Allocation()
        {
            var agent = new ToolAgent();
            using (agent.EnterBudgetScope()) { return agent.AllocatedBySyncToolCalls(200); }
        }
    }
}
""";

    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorHarness.CompileAndLoad(Program).Assembly);

    private static object Invoke(string method) => Compiled.Value.GetType("Agents.Program")!.GetMethod(method)!.Invoke(null, null)!;

    private static Money Dollars(string amount) => Money.FromDollars(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Every_tool_shape_is_charged_exactly_once_per_call()
    {
        var results = await (Task<object[]>)Invoke("RunTools");

        Assert.Equal("hits:dotnet|item7|key:k|item9|item8|3|3|42", results[0]);
        // serp 0.01 + Lookup(7,9,8) 3×0.01 + Lookup("k") 0.002 + Count 0.001 + Ping 0.004 + Touch 0.006 + Stream 0.007
        // (static Convert charges the ambient session: the agent's own, because RunAsync was entered through its wrapper) 0.0001
        Assert.Equal(Dollars("0.0601"), (Money)results[1]);
        Assert.Equal(2, results[2]);
        // Flaky (Release) charges nothing; Charged (default Charge) charges 0.03.
        Assert.Equal(Dollars("0.0901"), (Money)results[3]);
        Assert.Equal(1, results[4]);
        var report = ((BudgetSession)results[5]).Report();
        // Ten calls in the run plus Charged; Flaky was released, so it is no charged call.
        Assert.Equal(11, report.Breakdown.Tools.Calls);
    }

    [Fact]
    public void Fifty_one_cent_calls_fit_exactly_in_fifty_cents_and_the_fifty_first_is_refused()
    {
        var results = (object[])Invoke("FiftyCents");

        Assert.Equal(50, results[0]);
        Assert.Equal(Dollars("0.50"), (Money)results[1]);
        Assert.Equal(Money.Zero, (Money)results[2]);
        Assert.IsType<BudgetExhaustedException>(results[3]);
        Assert.Equal(1, results[4]);
    }

    [Fact]
    public void Loop_detection_keys_on_tool_name_and_arguments()
    {
        var results = (object[])Invoke("Loop");

        var looped = Assert.IsType<LoopDetectedException>(results[0]);
        Assert.Equal("Search", looped.CallName);
        Assert.Equal(Dollars("0.020"), (Money)results[1]);
        Assert.Equal(Dollars("0.010"), (Money)results[2]);
        Assert.Equal(true, results[3]);
    }

    [Fact]
    public void Nested_generic_agent_tracks_its_tool_and_is_ambient_inside_its_methods()
    {
        var results = (object[])Invoke("NestedGeneric");

        Assert.Equal("nested:5|" + results[2], results[0]);
        Assert.Equal(Dollars("0.02"), (Money)results[1]);
    }

    [Fact]
    public async Task Calls_through_an_interface_are_not_scoped_but_EnterBudgetScope_is()
    {
        var results = await (Task<object[]>)Invoke("ThroughInterface");

        Assert.Equal("none", results[0]);
        Assert.Equal(results[3], results[1]);
        Assert.Equal(results[3], results[2]);
    }

    [Fact]
    public void StartNewBudgetSession_ends_the_run_and_starts_a_full_budget()
    {
        var results = (object[])Invoke("NewSession");

        Assert.Equal(Dollars("0.01"), (Money)results[0]);
        Assert.Equal(true, results[1]);
        Assert.Equal(Dollars("0.01"), (Money)results[2]);
        Assert.Equal(true, results[3]);
        Assert.Equal(true, results[4]);
    }

    [Fact]
    public void Synchronous_tool_calls_allocate_nothing()
    {
        Assert.Equal(0L, (long)Invoke("Allocation"));
    }
}
