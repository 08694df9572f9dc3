using System.Net;
using AgentBudget.ManualMode.Tests.Infrastructure;
using static AgentBudget.ManualMode.Tests.ManualRecordingTests;

namespace AgentBudget.ManualMode.Tests;

/// <summary>
/// <c>session.Wrap(client)</c>: the wrapped instance's calls are admitted, recorded and released exactly like
/// intercepted calls; another instance on the same transport is not tracked.
/// </summary>
public sealed class WrappedClientTests
{
    [Fact]
    public async Task Wrapped_OpenAI_client_is_tracked_and_a_plain_one_is_not()
    {
        var session = NewSession();
        var handler = new FakeHttpHandler().Json(Canned.OpenAIChat).Json(Canned.OpenAIChat);
        var (wrapped, plain) = ((string, string))(await Call("OpenAIScenarios", "WrappedAndPlainAsync", session, FakeClients.Chat(handler), FakeClients.Chat(handler)))!;

        Assert.Equal("gpt-4o-mini-2024-07-18", wrapped);
        Assert.Equal("gpt-4o-mini-2024-07-18", plain);
        Assert.Equal(2, handler.RequestBodies.Count);
        Assert.Equal(Micro("285"), session.Spent);
        Assert.Equal(1, session.Report().Breakdown.Llm.Calls);
        Assert.Equal(Money.Zero, session.Reserved);
    }

    [Fact]
    public async Task Wrapped_OpenAI_client_keeps_the_model_and_tracks_sync_calls()
    {
        var session = NewSession();
        Assert.Equal("gpt-4o-mini", await Call("OpenAIScenarios", "WrappedModel", session, FakeClients.Chat(new FakeHttpHandler())));

        var text = await Call("OpenAIScenarios", "WrappedSync", session, FakeClients.Chat(new FakeHttpHandler().Json(Canned.OpenAIChat)));
        Assert.Equal("Hello from the fake server.", text);
        Assert.Equal(Micro("285"), session.Spent);
    }

    [Fact]
    public async Task Wrapped_OpenAI_streams_are_charged_from_the_final_usage()
    {
        var session = NewSession();
        Assert.Equal(4, await Call("OpenAIScenarios", "WrappedStreamAsync", session, FakeClients.Chat(new FakeHttpHandler().Sse(Canned.OpenAIChatStream)), 0));
        Assert.Equal(Micro("8.1"), session.Spent);

        var handler = new FakeHttpHandler().Sse(Canned.OpenAIChatStream);
        Assert.Equal(4, await Call("OpenAIScenarios", "WrappedStreamSync", session, FakeClients.Chat(handler)));
        Assert.Equal(Micro("16.2"), session.Spent);
        Assert.Contains("\"max_completion_tokens\":50", handler.RequestBodies[0]);
        Assert.Equal(0, session.Report().EstimatedCalls);
    }

    [Fact]
    public async Task Wrapped_OpenAI_stream_stopped_early_records_the_same_flagged_estimate_as_interception()
    {
        var session = NewSession();
        Assert.Equal(2, await Call("OpenAIScenarios", "WrappedStreamAsync", session, FakeClients.Chat(new FakeHttpHandler().Sse(Canned.OpenAIChatStream)), 2));

        // The wrapper saw the prompt: "Hi" = 4 framing + 1 text token; output 7 tokens. 5 × 0.15 + 7 × 0.60 = 4.95 µ$.
        Assert.Equal(Micro("4.95"), session.Spent);
        Assert.Equal(1, session.Report().EstimatedCalls);
        Assert.Equal(Money.Zero, session.Reserved);
    }

    [Fact]
    public async Task Wrapped_OpenAI_client_releases_the_reservation_on_HTTP_429_and_500()
    {
        var session = NewSession();
        await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() => Call("OpenAIScenarios", "WrappedSync", session,
            FakeClients.Chat(new FakeHttpHandler().Json(Canned.RateLimited, HttpStatusCode.TooManyRequests))));
        await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() => Call("OpenAIScenarios", "WrappedStreamAsync", session,
            FakeClients.Chat(new FakeHttpHandler().Json(Canned.RateLimited, HttpStatusCode.InternalServerError)), 0));

        Assert.Equal(Money.Zero, session.Spent);
        Assert.Equal(Money.Zero, session.Reserved);
        Assert.Equal(0, session.Report().Breakdown.Llm.Calls);
    }

    [Fact]
    public async Task Wrapped_OpenAI_client_refuses_a_call_that_does_not_fit_before_the_request()
    {
        // No output cap: the model's maximum output (16384 × $0.60/M ≈ $0.0098) is reserved and does not fit $0.001.
        var session = NewSession(0.001m);
        var handler = new FakeHttpHandler().Json(Canned.OpenAIChat);
        await Assert.ThrowsAsync<BudgetExhaustedException>(() => Call("OpenAIScenarios", "WrappedSync", session, FakeClients.Chat(handler)));

        Assert.Empty(handler.RequestBodies);
        Assert.Equal(Money.Zero, session.Spent);
    }

    [Fact]
    public async Task Microsoft_Extensions_AI_adapter_over_a_wrapped_client_works_but_is_not_tracked()
    {
        var session = NewSession();
        var text = await Call("OpenAIScenarios", "WrappedThroughMeaiAsync", session, FakeClients.Chat(new FakeHttpHandler().Json(Canned.OpenAIChat)));

        // The adapter sends protocol calls (raw JSON), which the wrapper forwards untracked: it still answers, but an
        // IChatClient pipeline is budgeted with UseBudget (or session.Record(response)), not with Wrap.
        Assert.Equal("Hello from the fake server.", text);
        Assert.Equal(Money.Zero, session.Spent);
    }

    [Fact]
    public async Task Wrapped_Anthropic_messages_are_tracked_and_the_plain_service_is_not()
    {
        var session = NewSession();
        var handler = new FakeHttpHandler().Json(Canned.AnthropicMessage).Json(Canned.AnthropicMessage);
        var (wrapped, plain) = ((string, string))(await Call("AnthropicScenarios", "WrappedAndPlainAsync", session, FakeClients.Anthropic(handler)))!;

        Assert.Equal("claude-sonnet-4-5-20250929", wrapped);
        Assert.Equal("claude-sonnet-4-5-20250929", plain);
        Assert.Equal(2, handler.RequestBodies.Count);
        Assert.Equal(Micro("22061.25"), session.Spent);
        Assert.Equal(1, session.Report().Breakdown.Llm.Calls);
    }

    [Fact]
    public async Task Wrapped_Anthropic_stream_charges_the_last_running_total()
    {
        var session = NewSession();
        Assert.Equal(8, await Call("AnthropicScenarios", "WrappedStreamAsync", session, FakeClients.Anthropic(new FakeHttpHandler().Sse(Canned.AnthropicStreamTwoDeltas))));

        // 25 × 3 + 400 × 0.30 + 100 × 3.75 + 15 × 15 = 795 µ$ (the deltas said 10, then 15: never 25).
        Assert.Equal(Micro("795"), session.Spent);
        Assert.Equal(0, session.Report().EstimatedCalls);
    }

    [Fact]
    public async Task Wrapped_Anthropic_service_stays_tracked_through_WithOptions_and_releases_on_429()
    {
        var session = NewSession();
        Assert.Equal("claude-sonnet-4-5-20250929", await Call("AnthropicScenarios", "WrappedWithOptionsAsync", session,
            FakeClients.Anthropic(new FakeHttpHandler().Json(Canned.AnthropicMessage))));
        Assert.Equal(Micro("22061.25"), session.Spent);

        await Assert.ThrowsAnyAsync<Exception>(() => Call("AnthropicScenarios", "WrappedWithOptionsAsync", session,
            FakeClients.Anthropic(new FakeHttpHandler().Json(Canned.RateLimited, HttpStatusCode.TooManyRequests))));
        Assert.Equal(Micro("22061.25"), session.Spent);
        Assert.Equal(Money.Zero, session.Reserved);
        Assert.Equal(1, session.Report().Breakdown.Llm.Calls);
    }
}
