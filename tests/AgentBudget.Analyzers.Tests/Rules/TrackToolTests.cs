using AgentBudget.Analyzers.Tests.Infrastructure;
using AgentBudget.Generators.Analyzers.Attributes;
using AgentBudget.Generators.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace AgentBudget.Analyzers.Tests.Rules;

/// <summary>AB0006: a [TrackTool] with a bad cost, an unsupported signature or no budgeted type around it.</summary>
public class TrackToolTests
{
    private static DiagnosticResult Invalid(int markup, string method, string problem) =>
        new DiagnosticResult(DiagnosticDescriptors.InvalidTrackTool).WithLocation(markup).WithArguments(method, problem);

    [Fact]
    public Task Bad_costs_are_errors() => Verify.AnalyzerAsync<TrackToolAttributeAnalyzer>("""
        using AgentBudget;

        [Budgeted("$5.00")]
        public partial class Agent
        {
            [{|#0:TrackTool(-0.01)|}] public string Negative() => "";
            [{|#1:TrackTool(double.NaN)|}] public string NotANumber() => "";
            [{|#2:TrackTool(double.PositiveInfinity)|}] public string Infinite() => "";
            [{|#3:TrackTool(0.0000000000001)|}] public string TooPrecise() => "";
            [{|#4:TrackTool("1,50")|}] public string Comma() => "";
            [{|#5:TrackTool("€0.10")|}] public string Euro() => "";
            [{|#6:TrackTool((string)null!)|}] public string Null() => "";
        }
        """,
        Invalid(0, "Negative", "the cost -0.01 is negative; a tool call cannot earn money, use 0 for a free tool"),
        Invalid(1, "NotANumber", "the cost is NaN; give a cost in dollars per call such as 0.01"),
        Invalid(2, "Infinite", "the cost is infinite; give a finite cost in dollars per call such as 0.01"),
        Invalid(3, "TooPrecise", "the cost 0.0000000000001 has 13 decimal places, more than the 12 AgentBudget keeps exactly; round it"),
        Invalid(4, "Comma", "the cost '1,50' is not valid: it contains a comma; write the amount without thousands separators and with a decimal point, as in \"1000.50\"; write a dollar amount such as \"$0.01\""),
        Invalid(5, "Euro", "the cost '€0.10' is not valid: '€' is not allowed; only digits, one decimal point and an optional leading \"$\" (US dollars) are; write a dollar amount such as \"$0.01\""),
        Invalid(6, "Null", "the cost is null; write a dollar amount such as \"$0.01\""));

    [Fact]
    public Task Unsupported_signatures_and_placements_are_errors() => Verify.AnalyzerAsync<TrackToolAttributeAnalyzer>("""
                using System.Threading.Tasks;
        using AgentBudget;

        [Budgeted("$5.00")]
        public partial class Agent
        {
            private int _counter;

            [{|#0:TrackTool(0.01)|}] public async void FireAndForget() => await Task.Yield();
            [{|#1:TrackTool(0.01)|}] public ref int Counter() => ref _counter;
            [{|#2:TrackTool(0.01)|}] public T Echo<T>(T value) => value;

            public int Local()
            {
                return Twice(2);

                [{|#3:TrackTool(0.01)|}] static int Twice(int x) => x * 2;
            }
        }

        public class NotAnAgent
        {
            [{|#4:TrackTool(0.01)|}] public string Search(string query) => query;
        }
        """,
        Invalid(0, "FireAndForget", "an async void method cannot be observed to completion, so a failed call cannot be released; return Task instead"),
        Invalid(1, "Counter", "the method returns by reference; change the signature, or charge the tool by hand with session.Track"),
        Invalid(2, "Echo", "generic methods are not supported; change the signature, or charge the tool by hand with session.Track"),
        Invalid(3, "Twice", "calls to local functions cannot be intercepted; make it a method of the [Budgeted] type"),
        Invalid(4, "Search", "'NotAnAgent' is not [Budgeted], so there is no session to charge; mark the type [Budgeted(\"$…\")] or move the tool into the agent class"));

    [Fact]
    public Task Supported_tools_are_fine() => Verify.AnalyzerAsync<TrackToolAttributeAnalyzer>("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using AgentBudget;

        [Budgeted("$5.00")]
        public partial class Agent
        {
            [TrackTool(0.01, Name = "serp_api")] public Task<string> SearchAsync(string query) => Task.FromResult(query);
            [TrackTool(0)] public void Free() { }
            [TrackTool("$0.00")] public int FreeToo() => 0;
            [TrackTool("0.05")] public ValueTask<int> Lookup(int id) => new(id);
            [TrackTool(0.000000000001)] public ValueTask Tiny() => default;
            [TrackTool(1.5)] public Task Upload() => Task.CompletedTask;
            [TrackTool(0.002)] public async IAsyncEnumerable<int> Pages() { await Task.Yield(); yield return 1; }
        }
        """);
}
