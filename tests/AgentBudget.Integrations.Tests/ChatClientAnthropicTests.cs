using System.Net;
using AgentBudget.Integrations.Tests.Support;
using Microsoft.Extensions.AI;

namespace AgentBudget.Integrations.Tests;

/// <summary>UseBudget over the real Anthropic 13.12.0 client and the IChatClient adapter it ships.</summary>
public sealed class ChatClientAnthropicTests
{
    [Fact]
    public async Task Non_streaming_call_charges_cache_reads_and_writes_at_their_own_rates()
    {
        var handler = new FakeHandler().Json(Canned.AnthropicMessage);
        var session = TestPrices.Session("$1.00");
        var client = Sdk.AnthropicChat(handler).AsBuilder().UseBudget(session).Build();

        var response = await client.GetResponseAsync("Hi", new ChatOptions { MaxOutputTokens = 1024 });

        Assert.Equal("Hello from fake Claude.", response.Text);
        // The adapter reports input 5946 = 2095 + 2051 written + 1800 read. Disjoint: 2095×$3 + 1800×$0.30
        // + 2051×$3.75 + 503×$15 per M = 6285 + 540 + 7691.25 + 7545 = 22061.25 µ$.
        Assert.Equal(TestPrices.Usd("0.02206125"), session.Spent);
        var report = session.Report();
        Assert.Equal(0.02206125m, report.Breakdown.Llm.ByModel["claude-sonnet-4-5-20250929"]);
        Assert.Equal(1800, report.Tokens.CachedInputTokens);
        Assert.Equal(2051, report.Tokens.CacheWriteTokens);
    }

    [Fact]
    public async Task Streaming_call_takes_input_from_message_start_and_the_running_output_total_once()
    {
        var handler = new FakeHandler().Sse(Canned.AnthropicStream);
        var session = TestPrices.Session("$1.00");
        var client = Sdk.AnthropicChat(handler).AsBuilder().UseBudget(session).Build();

        var text = "";
        await foreach (var update in client.GetStreamingResponseAsync("Hi", new ChatOptions { MaxOutputTokens = 1024 }))
        {
            text += update.Text;
        }

        Assert.Equal("Hello world", text);
        // 25 uncached + 400 read + 100 written + 15 output (the message_delta total, not 1 + 15):
        // 25×3 + 400×0.30 + 100×3.75 + 15×15 = 75 + 120 + 375 + 225 = 795 µ$.
        Assert.Equal(TestPrices.Usd("0.000795"), session.Spent);
        var charge = Assert.Single(session.GetEvents(), e => e.Kind == BudgetEventKind.LlmCharged);
        Assert.Equal(new AgentBudget.Pricing.TokenUsage(25, 400, 100, 0, 15, 0), charge.Usage);
        Assert.False(charge.IsEstimate);
    }

    [Fact]
    public async Task Rate_limited_call_charges_nothing()
    {
        var handler = new FakeHandler().Status(HttpStatusCode.TooManyRequests, Canned.AnthropicOverloaded);
        var session = TestPrices.Session("$1.00");
        var client = Sdk.AnthropicChat(handler).AsBuilder().UseBudget(session).Build();

        await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync("Hi", new ChatOptions { MaxOutputTokens = 1024 }));

        Assert.Single(handler.Requests);
        Assert.Equal(Money.Zero, session.Spent);
        Assert.Equal(Money.Zero, session.Reserved);
        Assert.Equal(BudgetEventKind.ReservationReleased, session.GetEvents()[^1].Kind);
    }
}
