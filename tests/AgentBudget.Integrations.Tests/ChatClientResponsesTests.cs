using AgentBudget.Integrations.Tests.Support;
using Microsoft.Extensions.AI;

namespace AgentBudget.Integrations.Tests;

/// <summary>
/// The OpenAI Responses API through Microsoft.Extensions.AI.OpenAI. This is the pinned-version guard: MEAI.OpenAI
/// 10.11.0 was compiled against OpenAI 2.14.0, and its Responses streaming throws MissingMethodException with 2.15.0.
/// </summary>
public sealed class ChatClientResponsesTests
{
    [Fact]
    public void Pinned_versions_are_the_ones_that_work_together()
    {
        Assert.Equal(new Version(2, 14, 0, 0), typeof(OpenAI.Responses.ResponsesClient).Assembly.GetName().Version);
        Assert.Equal(10, typeof(OpenAIClientExtensions).Assembly.GetName().Version!.Major);
    }

    [Fact]
    public async Task Responses_streaming_with_OpenAI_2_14_and_MEAI_OpenAI_10_11_is_charged_exactly()
    {
        var handler = new FakeHandler().Sse(Canned.OpenAIResponseStream);
        var session = TestPrices.Session("$1.00");
        var client = Sdk.OpenAIResponses(handler).AsBuilder().UseBudget(session).Build();

        var text = "";
        await foreach (var update in client.GetStreamingResponseAsync("Hi", new ChatOptions { MaxOutputTokens = 256 }))
        {
            text += update.Text;
        }

        Assert.Equal("Hi", text);
        Assert.Contains("\"stream\":true", handler.Requests[0].Body);
        // 61 input × $0.40/M + 9 output × $1.60/M = 24.4 + 14.4 = 38.8 µ$, priced as the answering snapshot.
        Assert.Equal(TestPrices.Usd("0.0000388"), session.Spent);
        Assert.Equal(0.0000388m, session.Report().Breakdown.Llm.ByModel["gpt-4.1-mini-2025-04-14"]);
    }

    [Fact]
    public async Task Responses_non_streaming_is_charged_with_cached_and_reasoning_buckets()
    {
        var handler = new FakeHandler().Json(Canned.OpenAIResponse);
        var session = TestPrices.Session("$1.00");
        var client = Sdk.OpenAIResponses(handler).AsBuilder().UseBudget(session).Build();

        await client.GetResponseAsync("Hi", new ChatOptions { MaxOutputTokens = 256 });

        // 300 uncached × 0.40 + 200 cached × 0.10 + 50 output × 1.60 + 30 reasoning × 1.60 = 120 + 20 + 80 + 48 = 268 µ$.
        Assert.Equal(TestPrices.Usd("0.000268"), session.Spent);
    }
}
