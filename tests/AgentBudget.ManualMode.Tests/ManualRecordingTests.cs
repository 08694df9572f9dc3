using System.Net;
using System.Reflection;
using AgentBudget.ManualMode.Tests.Infrastructure;

namespace AgentBudget.ManualMode.Tests;

/// <summary>
/// Compile-and-run tests of manual mode: <see cref="ManualProgram"/>, compiled in memory with the generators, records
/// results of the real OpenAI, Anthropic and Microsoft.Extensions.AI clients (over a fake HTTP transport) on a session
/// the test owns, which must show the exact spend for the canned usage (prices from <see cref="TestPrices"/>).
/// </summary>
public sealed class ManualRecordingTests
{
    private static readonly Lazy<Assembly> Compiled = new(() => GeneratorHarness.CompileAndLoad(ManualProgram.Source).Assembly);

    internal static BudgetSession NewSession(decimal maxSpend = 5m)
        => new Budget(new BudgetOptions { MaxSpend = Money.FromDollars(maxSpend), Prices = TestPrices.Instance }).StartSession();

    internal static Money Micro(string microdollars)
        => Money.FromDollars(decimal.Parse(microdollars, System.Globalization.CultureInfo.InvariantCulture) / 1_000_000m);

    /// <summary>Calls a static scenario of the compiled program and awaits it when it returns a task.</summary>
    internal static async Task<object?> Call(string type, string method, params object?[] args)
    {
        var target = Compiled.Value.GetType("Manual." + type, throwOnError: true)!.GetMethod(method)!;
        object? result;
        try
        {
            result = target.Invoke(null, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }

        if (result is Task task)
        {
            await task;
            return task.GetType().GetProperty("Result")?.GetValue(task);
        }

        return result;
    }

    // ---- OpenAI ----

    [Fact]
    public async Task OpenAI_chat_result_is_recorded_exactly_for_the_answering_model()
    {
        var session = NewSession();
        var cost = await Call("OpenAIScenarios", "RecordChatResultAsync", session, FakeClients.Chat(new FakeHttpHandler().Json(Canned.OpenAIChat)));

        // 200 uncached × 0.15 + 1000 cached × 0.075 + 180 output × 0.60 + 120 reasoning × 0.60 = 285 µ$
        Assert.Equal(Micro("285"), cost);
        Assert.Equal(Micro("285"), session.Spent);
        var report = session.Report();
        Assert.Equal(1, report.Breakdown.Llm.Calls);
        Assert.Equal(["gpt-4o-mini-2024-07-18"], report.Breakdown.Llm.ByModel.Keys);
        Assert.Equal(0, report.EstimatedCalls);
    }

    [Fact]
    public async Task OpenAI_chat_completion_value_is_recorded()
    {
        var session = NewSession();
        var cost = await Call("OpenAIScenarios", "RecordChatCompletion", session, FakeClients.Chat(new FakeHttpHandler().Json(Canned.OpenAIChat)));

        Assert.Equal(Micro("285"), cost);
        Assert.Equal(Micro("285"), session.Spent);
    }

    [Fact]
    public async Task OpenAI_streaming_updates_record_only_the_last_one_which_carries_the_usage()
    {
        var session = NewSession();
        var (total, recorded, updates) = ((Money, int, int))(await Call("OpenAIScenarios", "RecordEveryUpdateAsync", session,
            FakeClients.Chat(new FakeHttpHandler().Sse(Canned.OpenAIChatStream))))!;

        Assert.Equal(4, updates);
        Assert.Equal(1, recorded);
        // 10 uncached × 0.15 + 32 cached × 0.075 + 4 output × 0.60 + 3 reasoning × 0.60 = 8.1 µ$
        Assert.Equal(Micro("8.1"), total);
        Assert.Equal(Micro("8.1"), session.Spent);
        Assert.Equal(1, session.Report().Breakdown.Llm.Calls);
    }

    [Fact]
    public async Task OpenAI_tracked_stream_records_the_final_usage_when_it_completes()
    {
        var session = NewSession();
        var updates = await Call("OpenAIScenarios", "TrackStreamAsync", session, FakeClients.Chat(new FakeHttpHandler().Sse(Canned.OpenAIChatStream)), 0);

        Assert.Equal(4, updates);
        Assert.Equal(Micro("8.1"), session.Spent);
        Assert.Equal(0, session.Report().EstimatedCalls);
    }

    [Fact]
    public async Task OpenAI_tracked_sync_stream_records_the_final_usage()
    {
        var session = NewSession();
        var updates = await Call("OpenAIScenarios", "TrackStreamSync", session, FakeClients.Chat(new FakeHttpHandler().Sse(Canned.OpenAIChatStream)));

        Assert.Equal(4, updates);
        Assert.Equal(Micro("8.1"), session.Spent);
    }

    [Fact]
    public async Task OpenAI_tracked_stream_stopped_early_records_a_flagged_estimate_of_the_output_seen()
    {
        var session = NewSession();
        var updates = await Call("OpenAIScenarios", "TrackStreamAsync", session, FakeClients.Chat(new FakeHttpHandler().Sse(Canned.OpenAIChatStream)), 2);

        Assert.Equal(2, updates);
        // Manual mode never saw the prompt: output "Hello world, this is long" = 25 chars = 7 tokens × 0.60 = 4.2 µ$, flagged.
        Assert.Equal(Micro("4.2"), session.Spent);
        var report = session.Report();
        Assert.Equal(1, report.EstimatedCalls);
        Assert.Equal(["gpt-4o-mini-2024-07-18"], report.Breakdown.Llm.ByModel.Keys);
    }

    [Fact]
    public async Task OpenAI_tracked_stream_that_fails_before_any_update_records_nothing()
    {
        var session = NewSession();
        await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() => Call("OpenAIScenarios", "TrackStreamAsync", session,
            FakeClients.Chat(new FakeHttpHandler().Json(Canned.RateLimited, HttpStatusCode.TooManyRequests)), 0));

        Assert.Equal(Money.Zero, session.Spent);
        Assert.Equal(0, session.Report().Breakdown.Llm.Calls);
    }

    [Fact]
    public async Task OpenAI_responses_result_and_stream_are_recorded()
    {
        var session = NewSession();
        var cost = await Call("OpenAIScenarios", "RecordResponseAsync", session, FakeClients.Responses(new FakeHttpHandler().Json(Canned.OpenAIResponse)));
        // 300 × 0.40 + 200 cached × 0.10 + 50 × 1.60 + 30 reasoning × 1.60 = 268 µ$
        Assert.Equal(Micro("268"), cost);

        var stream = NewSession();
        var updates = await Call("OpenAIScenarios", "TrackResponseStreamAsync", stream, FakeClients.Responses(new FakeHttpHandler().Sse(Canned.OpenAIResponseStream)));
        Assert.Equal(3, updates);
        // 61 × 0.40 + 9 × 1.60 = 38.8 µ$
        Assert.Equal(Micro("38.8"), stream.Spent);
        Assert.Equal(0, stream.Report().EstimatedCalls);
    }

    [Fact]
    public async Task OpenAI_embeddings_are_recorded()
    {
        var session = NewSession();
        var cost = await Call("OpenAIScenarios", "RecordEmbeddingsAsync", session, FakeClients.Embeddings(new FakeHttpHandler().Json(Canned.OpenAIEmbeddings)));

        // 8 × 0.02 = 0.16 µ$
        Assert.Equal(Micro("0.16"), cost);
        Assert.Equal(Micro("0.16"), session.Spent);
    }

    [Fact]
    public async Task A_tracked_stream_refuses_to_start_once_the_session_has_stopped()
    {
        var session = NewSession(0.0001m);
        // $0.000285 recorded against a $0.0001 limit: the call was made, so it is recorded, and the session stops.
        await Call("OpenAIScenarios", "RecordChatResultAsync", session, FakeClients.Chat(new FakeHttpHandler().Json(Canned.OpenAIChat)));
        Assert.Equal(Micro("285"), session.Spent);

        var handler = new FakeHttpHandler().Sse(Canned.OpenAIChatStream);
        await Assert.ThrowsAsync<BudgetExhaustedException>(() => Call("OpenAIScenarios", "TrackStreamAsync", session, FakeClients.Chat(handler), 0));
        Assert.Empty(handler.RequestBodies);
        Assert.Equal(Micro("285"), session.Spent);
    }

    // ---- Anthropic ----

    [Fact]
    public async Task Anthropic_message_is_recorded_with_cache_reads_and_writes()
    {
        var session = NewSession();
        var cost = await Call("AnthropicScenarios", "RecordMessageAsync", session, FakeClients.Anthropic(new FakeHttpHandler().Json(Canned.AnthropicMessage)));

        // 2095 × 3 + 1800 read × 0.30 + 2051 write(5m) × 3.75 + 503 × 15 = 22061.25 µ$
        Assert.Equal(Micro("22061.25"), cost);
        Assert.Equal(Micro("22061.25"), session.Spent);
        Assert.Equal(["claude-sonnet-4-5-20250929"], session.Report().Breakdown.Llm.ByModel.Keys);
    }

    [Fact]
    public async Task Anthropic_tracked_stream_takes_input_from_message_start_and_the_last_output_total()
    {
        var session = NewSession();
        var events = await Call("AnthropicScenarios", "TrackStreamAsync", session, FakeClients.Anthropic(new FakeHttpHandler().Sse(Canned.AnthropicStream)), 0);

        Assert.Equal(7, events);
        // 25 × 3 + 400 × 0.30 + 100 × 3.75 + 15 × 15 (the last running total, not 1 + 15) = 795 µ$
        Assert.Equal(Micro("795"), session.Spent);
        Assert.Equal(0, session.Report().EstimatedCalls);
    }

    [Fact]
    public async Task Anthropic_output_totals_on_message_delta_are_running_totals_never_summed()
    {
        var session = NewSession();
        await Call("AnthropicScenarios", "TrackStreamAsync", session, FakeClients.Anthropic(new FakeHttpHandler().Sse(Canned.AnthropicStreamTwoDeltas)), 0);

        // Deltas report 10 then 15 output tokens: 15 are charged (795 µ$), not 25 (945 µ$) nor 1 + 10 + 15.
        Assert.Equal(Micro("795"), session.Spent);
    }

    [Fact]
    public async Task Anthropic_tracked_stream_stopped_early_records_exact_input_and_estimated_output_flagged()
    {
        var session = NewSession();
        var events = await Call("AnthropicScenarios", "TrackStreamAsync", session, FakeClients.Anthropic(new FakeHttpHandler().Sse(Canned.AnthropicStream)), 3);

        Assert.Equal(3, events);
        // Input exact from message_start (25 × 3 + 400 × 0.30 + 100 × 3.75 = 570); output = max(1 reported, "Hello" = 2 tokens) × 15 = 30.
        Assert.Equal(Micro("600"), session.Spent);
        Assert.Equal(1, session.Report().EstimatedCalls);
    }

    // ---- Microsoft.Extensions.AI ----

    [Fact]
    public async Task ExtensionsAI_response_is_recorded_for_the_answering_model()
    {
        var session = NewSession();
        var client = Microsoft.Extensions.AI.OpenAIClientExtensions.AsIChatClient(FakeClients.Chat(new FakeHttpHandler().Json(Canned.OpenAIChat)));
        var cost = await Call("ExtensionsAIScenarios", "RecordResponseAsync", session, client);

        Assert.Equal(Micro("285"), cost);
        Assert.Equal(["gpt-4o-mini-2024-07-18"], session.Report().Breakdown.Llm.ByModel.Keys);
    }

    [Fact]
    public async Task ExtensionsAI_usage_details_are_recorded_for_the_given_model()
    {
        var session = NewSession();
        var cost = await Call("ExtensionsAIScenarios", "RecordDetails", session, 1000L, 500L, "gpt-4o-mini");

        // 1000 × 0.15 + 500 × 0.60 = 450 µ$
        Assert.Equal(Micro("450"), cost);
        Assert.Equal(Micro("450"), session.Spent);
    }

    [Fact]
    public async Task ExtensionsAI_tracked_stream_records_its_usage_content()
    {
        var session = NewSession();
        var client = Microsoft.Extensions.AI.OpenAIClientExtensions.AsIChatClient(FakeClients.Chat(new FakeHttpHandler().Sse(Canned.OpenAIChatStream)));
        await Call("ExtensionsAIScenarios", "TrackStreamAsync", session, client);

        Assert.Equal(Micro("8.1"), session.Spent);
        Assert.Equal(0, session.Report().EstimatedCalls);
    }
}
