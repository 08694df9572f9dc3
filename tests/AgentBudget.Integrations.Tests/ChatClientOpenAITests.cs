using System.ClientModel;
using System.Net;
using AgentBudget.Extensions.AI;
using AgentBudget.Integrations.Tests.Support;
using Microsoft.Extensions.AI;

namespace AgentBudget.Integrations.Tests;

/// <summary>UseBudget over the real OpenAI 2.14.0 chat client and its MEAI adapter, through a fake transport.</summary>
public sealed class ChatClientOpenAITests
{
    [Fact]
    public async Task Non_streaming_call_is_charged_the_exact_usage_priced_by_the_answering_snapshot()
    {
        var handler = new FakeHandler().Json(Canned.OpenAIChatCompletion);
        var session = TestPrices.Session("$1.00");
        var client = Sdk.OpenAIChat(handler).AsBuilder().UseBudget(session).Build();

        var response = await client.GetResponseAsync("Hi");

        Assert.Equal("Hello from the fake server.", response.Text);
        // 1200 prompt (1000 cached) + 300 completion (120 reasoning) at $0.15 / $0.075 cached / $0.60:
        // 200×0.15 + 1000×0.075 + 180×0.60 + 120×0.60 = 30 + 75 + 108 + 72 = 285 µ$.
        Assert.Equal(TestPrices.Usd("0.000285"), session.Spent);
        Assert.Equal(Money.Zero, session.Reserved);
        var report = session.Report();
        Assert.Equal(0.000285m, report.Breakdown.Llm.ByModel["gpt-4o-mini-2024-07-18"]);
        Assert.Equal(1, report.Breakdown.Llm.Calls);
        Assert.Equal(1000, report.Tokens.CachedInputTokens);
        Assert.Equal(120, report.Tokens.ReasoningTokens);
        Assert.Equal(0, report.EstimatedCalls);
    }

    [Fact]
    public async Task Streaming_call_is_charged_from_the_usage_on_the_last_update()
    {
        var handler = new FakeHandler().Sse(Canned.OpenAIChatStream);
        var session = TestPrices.Session("$1.00");
        var client = Sdk.OpenAIChat(handler).AsBuilder().UseBudget(session).Build();

        var text = "";
        await foreach (var update in client.GetStreamingResponseAsync("Hi"))
        {
            text += update.Text;
        }

        Assert.Equal("Hello world", text);
        Assert.Contains("\"include_usage\":true", handler.Requests[0].Body);
        // 42 prompt (32 cached) + 7 completion (3 reasoning): 10×0.15 + 32×0.075 + 4×0.60 + 3×0.60 = 8.1 µ$.
        Assert.Equal(TestPrices.Usd("0.0000081"), session.Spent);
        Assert.Equal(Money.Zero, session.Reserved);
        Assert.Equal(0, session.Report().EstimatedCalls);
    }

    [Fact]
    public async Task Stream_stopped_early_is_charged_an_estimate_flagged_as_estimate()
    {
        var handler = new FakeHandler().Sse(Canned.OpenAIChatStream);
        var session = TestPrices.Session("$1.00");
        var client = Sdk.OpenAIChat(handler).AsBuilder().UseBudget(session).Build();

        await foreach (var update in client.GetStreamingResponseAsync("Hi"))
        {
            if (update.Text == "Hello")
            {
                break;
            }
        }

        // Prompt estimate: ⌈2 chars ÷ 4⌉ + 4 per message = 5 tokens; output: ⌈5 streamed chars ÷ 4⌉ = 2 tokens.
        // 5×$0.15/M + 2×$0.60/M = 0.75 + 1.2 = 1.95 µ$.
        Assert.Equal(TestPrices.Usd("0.00000195"), session.Spent);
        Assert.Equal(Money.Zero, session.Reserved);
        var report = session.Report();
        Assert.Equal(1, report.EstimatedCalls);
        var charge = Assert.Single(session.GetEvents(), e => e.Kind == BudgetEventKind.LlmCharged);
        Assert.True(charge.IsEstimate);
        Assert.Equal("gpt-4o-mini-2024-07-18", charge.Name);
        Assert.Equal(TokenUsageOf(5, 2), charge.Usage);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, Canned.OpenAIRateLimited)]
    [InlineData(HttpStatusCode.InternalServerError, Canned.OpenAIServerError)]
    public async Task Provider_error_releases_the_reservation_and_charges_nothing(HttpStatusCode status, string body)
    {
        var handler = new FakeHandler().Status(status, body);
        var session = TestPrices.Session("$1.00");
        var client = Sdk.OpenAIChat(handler).AsBuilder().UseBudget(session).Build();

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync("Hi", new ChatOptions { MaxOutputTokens = 100 }));

        Assert.Equal((int)status, error.Status);
        Assert.Single(handler.Requests);
        Assert.Equal(Money.Zero, session.Spent);
        Assert.Equal(Money.Zero, session.Reserved);
        Assert.Equal(TestPrices.Usd("1.00"), session.Remaining);
        var kinds = session.GetEvents().Select(e => e.Kind).ToArray();
        Assert.Equal([BudgetEventKind.ReservationAdmitted, BudgetEventKind.ReservationReleased], kinds);
        // The reservation was 5 prompt tokens × $0.15/M + 100 output tokens × $0.60/M = 60.75 µ$.
        Assert.Equal(TestPrices.Usd("0.00006075"), session.GetEvents()[0].Amount);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, Canned.OpenAIRateLimited)]
    [InlineData(HttpStatusCode.InternalServerError, Canned.OpenAIServerError)]
    public async Task Streaming_provider_error_releases_the_reservation_and_charges_nothing(HttpStatusCode status, string body)
    {
        var handler = new FakeHandler().Status(status, body);
        var session = TestPrices.Session("$1.00");
        var client = Sdk.OpenAIChat(handler).AsBuilder().UseBudget(session).Build();

        var error = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync("Hi"))
            {
            }
        });

        Assert.Equal((int)status, error.Status);
        Assert.Equal(Money.Zero, session.Spent);
        Assert.Equal(Money.Zero, session.Reserved);
        Assert.Equal(BudgetEventKind.ReservationReleased, session.GetEvents()[^1].Kind);
    }

    [Fact]
    public async Task Reservation_uses_ChatOptions_MaxOutputTokens_else_the_models_maximum_output()
    {
        var session = TestPrices.Session("$1.00");
        var handler = new FakeHandler().Json(Canned.OpenAIChatCompletion);
        var client = Sdk.OpenAIChat(handler).AsBuilder().UseBudget(session).Build();

        await client.GetResponseAsync("Hi", new ChatOptions { MaxOutputTokens = 50 });
        await client.GetResponseAsync("Hi");

        var reservations = session.GetEvents().Where(e => e.Kind == BudgetEventKind.ReservationAdmitted).Select(e => e.Amount).ToArray();
        // 5 prompt tokens × $0.15/M + 50 × $0.60/M = 30.75 µ$; then the model's 16384 max output: 0.75 + 9830.4 µ$.
        Assert.Equal([TestPrices.Usd("0.00003075"), TestPrices.Usd("0.00983115")], reservations);
    }

    [Fact]
    public async Task A_call_that_does_not_fit_is_refused_before_anything_is_sent()
    {
        var handler = new FakeHandler().Json(Canned.OpenAIChatCompletion);
        var session = TestPrices.Session("$0.005");
        var client = Sdk.OpenAIChat(handler).AsBuilder().UseBudget(session).Build();

        // Worst case 5 × $0.15/M + 16384 × $0.60/M = $0.00983115 > $0.005.
        var refused = await Assert.ThrowsAsync<BudgetExhaustedException>(() => client.GetResponseAsync("Hi"));

        Assert.Empty(handler.Requests);
        Assert.Equal(TestPrices.Usd("0.00983115"), refused.Requested);
        Assert.Equal(Money.Zero, session.Spent);
    }

    [Fact]
    public async Task A_call_marked_as_final_step_may_use_the_finalization_reserve()
    {
        var handler = new FakeHandler().Json(Canned.OpenAIChatCompletion);
        var session = TestPrices.Session("$0.02", o => o.FinalizationReserveFraction = 0.5);
        var client = Sdk.OpenAIChat(handler, "gpt-4o").AsBuilder().UseBudget(session).Build();
        var ordinary = new ChatOptions { MaxOutputTokens = 1000 };
        var final = new ChatOptions { MaxOutputTokens = 1000, AdditionalProperties = new() { [BudgetChatClient.FinalStepPropertyKey] = true } };

        // 5 × $2.50/M + 1000 × $10/M = $0.0100125: over the $0.01 ordinary share, inside the whole $0.02.
        await Assert.ThrowsAsync<BudgetExhaustedException>(() => client.GetResponseAsync("Hi", ordinary));
        await client.GetResponseAsync("Hi", final);

        Assert.Single(handler.Requests);
        Assert.DoesNotContain("agentbudget", handler.Requests[0].Body);
        Assert.True(final.AdditionalProperties.ContainsKey(BudgetChatClient.FinalStepPropertyKey));   // caller's options untouched
        Assert.True(session.GetEvents().Single(e => e.Kind == BudgetEventKind.LlmCharged).IsFinalStep);
        Assert.Equal(TestPrices.Usd("0.000285"), session.Spent);   // priced as the gpt-4o-mini snapshot that answered
    }

    private static AgentBudget.Pricing.TokenUsage TokenUsageOf(long input, long output)
        => AgentBudget.Pricing.TokenUsage.FromInputOutput(input, output);
}
