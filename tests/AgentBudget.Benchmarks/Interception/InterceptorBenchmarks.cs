using AgentBudget.Interception;
using AgentBudget.Pricing;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AgentBudget.Benchmarks.Interception;

/// <summary>
/// The generated interceptor around a real OpenAI SDK call (ChatClient.CompleteChat / CompleteChatAsync, OpenAI 2.14)
/// over an offline transport, against the identical call in a class without <c>[Budgeted]</c>. The difference is what
/// AgentBudget adds per LLM call: session scope, reservation, usage extraction, pricing, settlement, event.
/// Setup checks that the tracked call is really charged ($0.000285 per call) and the untracked one is not.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class InterceptorBenchmarks
{
    private static readonly Money PerCall = Money.FromPicodollars(285_000_000);

    private TrackedChatAgent _tracked = null!;
    private UntrackedChatAgent _untracked = null!;

    [GlobalSetup]
    public void Setup()
    {
        BudgetedAgentOptions.DefaultPrices = PriceCatalog.Default;
        _tracked = new TrackedChatAgent(FakeOpenAI.Chat());
        _untracked = new UntrackedChatAgent(FakeOpenAI.Chat());
        var before = _tracked.BudgetSession.Spent;
        if (_tracked.Ask() != _untracked.Ask() || _tracked.AskAsync().GetAwaiter().GetResult() != _untracked.AskAsync().GetAwaiter().GetResult())
        {
            throw new InvalidOperationException("The tracked and untracked agents answer differently.");
        }

        if (_tracked.BudgetSession.Spent - before != PerCall * 2)
        {
            throw new InvalidOperationException($"Two tracked calls were charged {_tracked.BudgetSession.Spent - before}, expected {PerCall * 2}.");
        }
    }

    [Benchmark(Baseline = true, Description = "CompleteChat, untracked")]
    [BenchmarkCategory("Sync")]
    public string UntrackedSync() => _untracked.Ask();

    [Benchmark(Description = "CompleteChat, [Budgeted] (intercepted)")]
    [BenchmarkCategory("Sync")]
    public string TrackedSync() => _tracked.Ask();

    [Benchmark(Baseline = true, Description = "CompleteChatAsync, untracked")]
    [BenchmarkCategory("Async")]
    public Task<string> UntrackedAsync() => _untracked.AskAsync();

    [Benchmark(Description = "CompleteChatAsync, [Budgeted] (intercepted)")]
    [BenchmarkCategory("Async")]
    public Task<string> TrackedAsync() => _tracked.AskAsync();
}
