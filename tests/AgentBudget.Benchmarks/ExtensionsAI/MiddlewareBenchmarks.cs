using AgentBudget.Benchmarks.Interception;
using AgentBudget.Extensions.AI;
using AgentBudget.Pricing;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.AI;

namespace AgentBudget.Benchmarks.ExtensionsAI;

/// <summary>
/// The Microsoft.Extensions.AI middleware (<c>ChatClientBuilder.UseBudget</c>) against the same pipeline without it.
/// "Canned inner client": the inner client returns a ready response with usage, so the difference is the middleware
/// alone in absolute terms (admission, request fingerprint, reservation, usage conversion, pricing, settlement).
/// "OpenAI SDK": the inner client is the real OpenAI 2.14 ChatClient through Microsoft.Extensions.AI.OpenAI over an
/// offline transport, so the difference is set against a real call's own cost. Setup checks the exact charge.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MiddlewareBenchmarks
{
    private static readonly Money PerCall = Money.FromPicodollars(285_000_000); // $0.000285, see FakeOpenAIHandler

    private readonly List<ChatMessage> _messages = [new(ChatRole.User, "Hi")];
    private BudgetSession _session = null!;
    private IChatClient _bareCanned = null!;
    private IChatClient _budgetCanned = null!;
    private IChatClient _bareSdk = null!;
    private IChatClient _budgetSdk = null!;

    [GlobalSetup]
    public void Setup()
    {
        _session = new Budget(new BudgetOptions
        {
            MaxSpend = Money.FromDollars(1_000_000m),
            Prices = PriceCatalog.Default,
            LoopDetection = new LoopDetectionOptions { MaxRepeatedCalls = 0 },
        }).StartSession();
        _bareCanned = new CannedChatClient().AsBuilder().Build();
        _budgetCanned = new CannedChatClient().AsBuilder().UseBudget(_session).Build();
        _bareSdk = FakeOpenAI.Chat().AsIChatClient().AsBuilder().Build();
        _budgetSdk = FakeOpenAI.Chat().AsIChatClient().AsBuilder().UseBudget(_session).Build();

        foreach (var client in new[] { _bareCanned, _bareSdk })
        {
            if (client.GetResponseAsync(_messages).GetAwaiter().GetResult().Text != "Hello from the fake server.")
            {
                throw new InvalidOperationException("A bare pipeline did not answer.");
            }
        }

        var before = _session.Spent;
        _budgetCanned.GetResponseAsync(_messages).GetAwaiter().GetResult();
        _budgetSdk.GetResponseAsync(_messages).GetAwaiter().GetResult();
        if (_session.Spent - before != PerCall * 2 || _session.Reserved != Money.Zero)
        {
            throw new InvalidOperationException($"Two budgeted calls were charged {_session.Spent - before}, expected {PerCall * 2}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();

    [Benchmark(Baseline = true, Description = "Canned inner client, bare pipeline")]
    [BenchmarkCategory("Canned")]
    public Task<ChatResponse> BareCanned() => _bareCanned.GetResponseAsync(_messages);

    [Benchmark(Description = "Canned inner client, UseBudget")]
    [BenchmarkCategory("Canned")]
    public Task<ChatResponse> BudgetCanned() => _budgetCanned.GetResponseAsync(_messages);

    [Benchmark(Baseline = true, Description = "OpenAI SDK (fake transport), bare pipeline")]
    [BenchmarkCategory("OpenAI")]
    public Task<ChatResponse> BareSdk() => _bareSdk.GetResponseAsync(_messages);

    [Benchmark(Description = "OpenAI SDK (fake transport), UseBudget")]
    [BenchmarkCategory("OpenAI")]
    public Task<ChatResponse> BudgetSdk() => _budgetSdk.GetResponseAsync(_messages);

    /// <summary>An inner client that answers at once with the same text and usage as <see cref="FakeOpenAIHandler"/>.</summary>
    private sealed class CannedChatClient : IChatClient
    {
        private readonly ChatClientMetadata _metadata = new("openai", null, "gpt-4o-mini");

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default)
            => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Hello from the fake server."))
            {
                ModelId = "gpt-4o-mini-2024-07-18",
                Usage = new UsageDetails
                {
                    InputTokenCount = 1200,
                    OutputTokenCount = 300,
                    TotalTokenCount = 1500,
                    CachedInputTokenCount = 1000,
                    ReasoningTokenCount = 120,
                },
            });

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null)
            => serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata : serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }
    }
}
