using System.Diagnostics.Metrics;
using AgentBudget.Extensions.AI;
using AgentBudget.Integrations.Tests.Support;
using AgentBudget.Observability;
using Microsoft.Extensions.AI;

namespace AgentBudget.Integrations.Tests;

/// <summary>Metrics (MeterListener), activity events and soft-limit model degrading.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests
{
    [Fact]
    public async Task Token_usage_follows_the_GenAI_conventions_and_cost_is_exported_in_USD()
    {
        using var meter = new Meter(AgentBudgetTelemetry.Name);
        using var capture = new MeterCapture(meter);
        var metrics = new AgentBudgetMetrics(meter);
        var session = TestPrices.Session("$1.00");
        var client = Sdk.OpenAIChat(new FakeHandler().Json(Canned.OpenAIChatCompletion)).AsBuilder()
            .UseBudget(session, o => o.Metrics = metrics).Build();

        await client.GetResponseAsync("Hi");

        var tokens = capture.Of("gen_ai.client.token.usage");
        Assert.Equal(2, tokens.Count);
        var input = Assert.Single(tokens, m => m.Tag("gen_ai.token.type") == "input");
        var output = Assert.Single(tokens, m => m.Tag("gen_ai.token.type") == "output");
        Assert.Equal(1200, input.Value);   // billable prompt tokens, cached ones included
        Assert.Equal(300, output.Value);   // reasoning included
        foreach (var measurement in tokens)
        {
            Assert.Equal("chat", measurement.Tag("gen_ai.operation.name"));
            Assert.Equal("openai", measurement.Tag("gen_ai.provider.name"));
            Assert.Equal("gpt-4o-mini", measurement.Tag("gen_ai.request.model"));
            Assert.Equal("gpt-4o-mini-2024-07-18", measurement.Tag("gen_ai.response.model"));
            Assert.Null(measurement.Tag("gen_ai.system"));
        }

        var cost = Assert.Single(capture.Of("agentbudget.cost"));
        Assert.Equal(0.000285, cost.Value);
        Assert.Equal("llm", cost.Tag("agentbudget.cost.kind"));
        Assert.Equal("gpt-4o-mini-2024-07-18", cost.Tag("gen_ai.response.model"));
        Assert.Equal("openai", cost.Tag("gen_ai.provider.name"));
        Assert.Equal("false", cost.Tag("agentbudget.cost.estimated"));
        Assert.Equal(0.000285, Assert.Single(capture.Of("agentbudget.budget.utilization")).Value);
        Assert.Equal(0.999715, Assert.Single(capture.Of("agentbudget.budget.remaining")).Value);
    }

    [Fact]
    public async Task Legacy_gen_ai_system_attribute_is_opt_in_and_embeddings_report_input_only()
    {
        using var meter = new Meter(AgentBudgetTelemetry.Name);
        using var capture = new MeterCapture(meter);
        var metrics = new AgentBudgetMetrics(meter, includeLegacySystemAttribute: true);
        var session = TestPrices.Session("$1.00");
        var generator = new BudgetEmbeddingGenerator<string, Embedding<float>>(
            Sdk.OpenAIEmbeddings(new FakeHandler().Json(Canned.OpenAIEmbeddings)), session, metrics);

        await generator.GenerateAsync(["a", "b"]);

        var measurement = Assert.Single(capture.Of("gen_ai.client.token.usage"));
        Assert.Equal(8, measurement.Value);
        Assert.Equal("embeddings", measurement.Tag("gen_ai.operation.name"));
        Assert.Equal("input", measurement.Tag("gen_ai.token.type"));
        Assert.Equal("openai", measurement.Tag("gen_ai.system"));
        Assert.Equal("embedding", Assert.Single(capture.Of("agentbudget.cost")).Tag("agentbudget.cost.kind"));
    }

    [Fact]
    public async Task Tool_costs_and_limit_events_are_measured_and_a_tripped_limit_emits_an_activity_event()
    {
        using var meter = new Meter(AgentBudgetTelemetry.Name);
        using var capture = new MeterCapture(meter);
        using var activities = new ActivityCapture();
        var metrics = new AgentBudgetMetrics(meter);
        var budget = new Budget(TestPrices.Options("$0.05", o =>
        {
            o.SoftLimitFraction = 0.5;   // $0.03 of $0.05 crosses it
            o.AlertSinks.Add(new AgentBudgetMetricsSink(metrics, "research"));
        }));
        metrics.SetBudgetName(budget, "research");
        var session = budget.StartSession();
        var measured = new BudgetedAIFunction(AIFunctionFactory.Create(() => "ok", "lookup"), TestPrices.Usd("0.03"), session, metrics: metrics);

        await measured.InvokeAsync();
        await Assert.ThrowsAsync<BudgetExhaustedException>(async () => await measured.InvokeAsync());

        var cost = Assert.Single(capture.Of("agentbudget.cost"));
        Assert.Equal(0.03, cost.Value);
        Assert.Equal("tool", cost.Tag("agentbudget.cost.kind"));
        Assert.Equal("lookup", cost.Tag("gen_ai.tool.name"));
        Assert.Equal("research", cost.Tag("agentbudget.budget.name"));
        var events = capture.Of("agentbudget.limit.events").Select(m => m.Tag("agentbudget.event")!).ToArray();
        Assert.Equal(["soft_limit", "budget_exhausted"], events);
        var exhausted = Assert.Single(activities.Events("agentbudget.budget_exhausted"));
        Assert.Equal("research", exhausted.Tags.Single(t => t.Key == "agentbudget.budget.name").Value);
    }

    [Fact]
    public async Task After_the_soft_limit_calls_are_routed_to_the_declared_cheaper_model_visibly()
    {
        using var meter = new Meter(AgentBudgetTelemetry.Name);
        using var capture = new MeterCapture(meter);
        using var activities = new ActivityCapture();
        var metrics = new AgentBudgetMetrics(meter);
        var haikuReply = Canned.AnthropicMessage
            .Replace("claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001")
            .Replace("\"input_tokens\": 2095", "\"input_tokens\": 100")
            .Replace("\"output_tokens\": 503", "\"output_tokens\": 50")
            .Replace("\"cache_creation_input_tokens\": 2051", "\"cache_creation_input_tokens\": 0")
            .Replace("\"cache_read_input_tokens\": 1800", "\"cache_read_input_tokens\": 0")
            .Replace("\"ephemeral_5m_input_tokens\": 2051", "\"ephemeral_5m_input_tokens\": 0");
        var handler = new FakeHandler().Json(Canned.AnthropicMessage).Json(haikuReply);
        var session = TestPrices.Session("$0.03", o =>
        {
            o.SoftLimitFraction = 0.5;
            o.AlertSinks.Add(new AgentBudgetMetricsSink(metrics));
        });
        var client = Sdk.AnthropicChat(handler).AsBuilder()
            .UseBudget(session, o =>
            {
                o.Metrics = metrics;
                o.DegradeModels["claude-sonnet-4-5"] = "claude-haiku-4-5";
            })
            .Build();
        var options = new ChatOptions { ModelId = "claude-sonnet-4-5", MaxOutputTokens = 1024 };

        await client.GetResponseAsync("First question", options);
        Assert.True(session.SoftLimitReached);   // $0.02206125 ≥ $0.015
        await client.GetResponseAsync("Second question", options);

        Assert.Contains("\"model\":\"claude-sonnet-4-5\"", handler.Requests[0].Body);
        Assert.Contains("\"model\":\"claude-haiku-4-5\"", handler.Requests[1].Body);
        Assert.Equal("claude-sonnet-4-5", options.ModelId);   // the caller's options are not changed
        // Haiku: 100 × $1/M + 50 × $5/M = 350 µ$ on top of 22061.25 µ$.
        Assert.Equal(TestPrices.Usd("0.02241125"), session.Spent);
        var byModel = session.Report().Breakdown.Llm.ByModel;
        Assert.Equal(0.02206125m, byModel["claude-sonnet-4-5-20250929"]);
        Assert.Equal(0.00035m, byModel["claude-haiku-4-5-20251001"]);
        var degraded = Assert.Single(activities.Events("agentbudget.model_degraded"));
        Assert.Equal("claude-sonnet-4-5", degraded.Tags.Single(t => t.Key == "agentbudget.degraded.from").Value);
        Assert.Equal("claude-haiku-4-5", degraded.Tags.Single(t => t.Key == "agentbudget.degraded.to").Value);
        Assert.Equal(["soft_limit", "model_degraded"], capture.Of("agentbudget.limit.events").Select(m => m.Tag("agentbudget.event")!).ToArray());
        // The switch is in the session's record too, between the soft limit and the degraded call's reservation.
        var events = session.Report().Events;
        var degradeEvent = Assert.Single(events, e => e.Kind == "model_degraded");
        Assert.Equal(("claude-sonnet-4-5", "soft limit reached: routed to claude-haiku-4-5", 0m), (degradeEvent.Name, degradeEvent.Detail, degradeEvent.Amount));
        Assert.True(events.Single(e => e.Kind == "soft_limit").Sequence < degradeEvent.Sequence);
        Assert.Equal("claude-haiku-4-5", events.Single(e => e.Kind == "reservation_admitted" && e.Sequence > degradeEvent.Sequence).Name);
    }

    [Fact]
    public async Task A_client_bound_to_one_model_degrades_through_the_declared_degrade_client()
    {
        var expensive = new FakeHandler().Json(Canned.OpenAIText("first", 1000, 100, "gpt-4o-2024-08-06"));
        var cheap = new FakeHandler().Json(Canned.OpenAIText("second", 1000, 100, "gpt-4o-mini-2024-07-18"));
        var session = TestPrices.Session("$0.02", o => o.SoftLimitFraction = 0.1);
        var client = Sdk.OpenAIChat(expensive, "gpt-4o").AsBuilder()
            .UseBudget(session, o =>
            {
                o.DegradeToModel = "gpt-4o-mini";
                o.DegradeClient = Sdk.OpenAIChat(cheap, "gpt-4o-mini");
            })
            .Build();
        var options = new ChatOptions { MaxOutputTokens = 100 };

        await client.GetResponseAsync("one", options);
        var second = await client.GetResponseAsync("two", options);

        Assert.Equal("second", second.Text);
        Assert.Single(expensive.Requests);
        Assert.Single(cheap.Requests);
        // gpt-4o: 1000×2.50 + 100×10 = 3500 µ$; gpt-4o-mini: 1000×0.15 + 100×0.60 = 210 µ$.
        Assert.Equal(TestPrices.Usd("0.00371"), session.Spent);
    }
}
