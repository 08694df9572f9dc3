using System;
using System.Collections.Generic;
using System.Text.Json;

namespace AgentBudget.Reporting;

/// <summary>
/// A snapshot of a session: the original SDK's report fields (<c>session_id</c>, <c>budget</c>, <c>total_spent</c>,
/// <c>remaining</c>, <c>breakdown</c>, <c>duration_seconds</c>, <c>terminated_by</c>, <c>events</c>) plus token totals,
/// reservations, unpriced and estimated calls, and child sessions. Dollar amounts are exact <see cref="decimal"/>s and
/// are written to JSON as plain decimal numbers with no rounding (for example <c>0.000001</c>).
/// </summary>
public sealed class BudgetReport
{
    /// <summary>The session id.</summary>
    public string SessionId { get; init; } = string.Empty;

    /// <summary>The child's name, for child sessions.</summary>
    public string? Name { get; init; }

    /// <summary>The parent session id, for child sessions.</summary>
    public string? ParentSessionId { get; init; }

    /// <summary>The hard limit in dollars.</summary>
    public decimal Budget { get; init; }

    /// <summary>Settled spend in dollars (including what running children spent so far).</summary>
    public decimal TotalSpent { get; init; }

    /// <summary>What new calls can still use, in dollars: budget minus spent and reserved money, never below zero.</summary>
    public decimal Remaining { get; init; }

    /// <summary>Money held by outstanding reservations and running children's unspent caps, in dollars.</summary>
    public decimal Reserved { get; init; }

    /// <summary>The part of the budget only final-step calls may spend, in dollars.</summary>
    public decimal FinalizationReserve { get; init; }

    /// <summary>The soft-limit threshold in dollars.</summary>
    public decimal SoftLimit { get; init; }

    /// <summary>Whether spend reached the soft limit.</summary>
    public bool SoftLimitReached { get; init; }

    /// <summary>Spend by kind, model and tool. Running children's spend appears here when they end (see <see cref="Children"/>).</summary>
    public SpendBreakdown Breakdown { get; init; } = new();

    /// <summary>Token totals over all LLM calls.</summary>
    public TokenTotals Tokens { get; init; } = new();

    /// <summary>Reservations admitted but not yet settled or released.</summary>
    public ReservationSummary ReservationsOutstanding { get; init; } = new();

    /// <summary>LLM calls of models with no known price, recorded without a dollar amount.</summary>
    public long UnpricedCalls { get; init; }

    /// <summary>The models that had no known price.</summary>
    public IReadOnlyList<string> UnpricedModels { get; init; } = [];

    /// <summary>LLM calls whose usage was estimated (for example streams that ended without usage data).</summary>
    public long EstimatedCalls { get; init; }

    /// <summary>When the session started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When the session ended; null while it runs.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Wall-clock duration so far (or until the session ended), in seconds.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>Why the session stopped (<c>budget_exhausted</c>, <c>loop_detected</c>, …); null while it runs.</summary>
    public string? TerminatedBy { get; init; }

    /// <summary>Alert callbacks and sinks that threw (their exceptions are never passed to the agent).</summary>
    public long CallbackErrors { get; init; }

    /// <summary>All events the session recorded, kept or not.</summary>
    public long EventsTotal { get; init; }

    /// <summary>Events no longer in the bounded log (the oldest are dropped first).</summary>
    public long EventsDropped { get; init; }

    /// <summary>The kept events, oldest first.</summary>
    public IReadOnlyList<EventEntry> Events { get; init; } = [];

    /// <summary>Reports of the child sessions, running and ended.</summary>
    public IReadOnlyList<BudgetReport> Children { get; init; } = [];

    /// <summary>The report as JSON (snake_case names, exact decimal amounts), via a source-generated serializer.</summary>
    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(this, indented ? BudgetReportJsonContext.Indented.BudgetReport : BudgetReportJsonContext.Default.BudgetReport);

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    public static BudgetReport? FromJson(string json) => JsonSerializer.Deserialize(json, BudgetReportJsonContext.Default.BudgetReport);
}

/// <summary>Spend split into LLM calls and tool calls.</summary>
public sealed class SpendBreakdown
{
    /// <summary>LLM calls.</summary>
    public LlmBreakdown Llm { get; init; } = new();

    /// <summary>Tool and API calls.</summary>
    public ToolBreakdown Tools { get; init; } = new();
}

/// <summary>LLM spend: total, call count, and per model.</summary>
public sealed class LlmBreakdown
{
    /// <summary>Dollars spent on LLM calls.</summary>
    public decimal Total { get; init; }

    /// <summary>Number of LLM calls recorded.</summary>
    public long Calls { get; init; }

    /// <summary>Dollars per model (model name as given by the caller or provider), in ordinal name order.</summary>
    public IReadOnlyDictionary<string, decimal> ByModel { get; init; } = new Dictionary<string, decimal>();

    /// <summary>Calls, dollars and tokens per model.</summary>
    public IReadOnlyDictionary<string, ModelUsage> Models { get; init; } = new Dictionary<string, ModelUsage>();
}

/// <summary>Tool spend: total, call count, and per tool.</summary>
public sealed class ToolBreakdown
{
    /// <summary>Dollars spent on tool calls.</summary>
    public decimal Total { get; init; }

    /// <summary>Number of tool calls charged.</summary>
    public long Calls { get; init; }

    /// <summary>Dollars per tool, in ordinal name order.</summary>
    public IReadOnlyDictionary<string, decimal> ByTool { get; init; } = new Dictionary<string, decimal>();

    /// <summary>Calls and dollars per tool.</summary>
    public IReadOnlyDictionary<string, ToolUsage> ToolsDetail { get; init; } = new Dictionary<string, ToolUsage>();
}

/// <summary>One model's totals.</summary>
public sealed class ModelUsage
{
    /// <summary>Dollars.</summary>
    public decimal Cost { get; init; }

    /// <summary>Calls.</summary>
    public long Calls { get; init; }

    /// <summary>Uncached prompt tokens.</summary>
    public long InputTokens { get; init; }

    /// <summary>Prompt tokens read from the cache.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Prompt tokens written to the cache.</summary>
    public long CacheWriteTokens { get; init; }

    /// <summary>Visible output tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Reasoning tokens.</summary>
    public long ReasoningTokens { get; init; }

    /// <summary>Calls recorded without a price.</summary>
    public long UnpricedCalls { get; init; }

    /// <summary>Calls with estimated usage.</summary>
    public long EstimatedCalls { get; init; }
}

/// <summary>One tool's totals.</summary>
public sealed class ToolUsage
{
    /// <summary>Dollars.</summary>
    public decimal Cost { get; init; }

    /// <summary>Calls.</summary>
    public long Calls { get; init; }
}

/// <summary>Token totals of a session.</summary>
public sealed class TokenTotals
{
    /// <summary>Uncached prompt tokens.</summary>
    public long InputTokens { get; init; }

    /// <summary>Prompt tokens read from the cache.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Prompt tokens written to the cache.</summary>
    public long CacheWriteTokens { get; init; }

    /// <summary>Visible output tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Reasoning tokens.</summary>
    public long ReasoningTokens { get; init; }

    /// <summary>All tokens.</summary>
    public long TotalTokens { get; init; }
}

/// <summary>Outstanding reservations.</summary>
public sealed class ReservationSummary
{
    /// <summary>How many reservations are outstanding.</summary>
    public long Count { get; init; }

    /// <summary>Dollars held by them and by running children's unspent caps.</summary>
    public decimal Amount { get; init; }
}

/// <summary>An event as it appears in a report.</summary>
public sealed class EventEntry
{
    /// <summary>Position in the session, from 1.</summary>
    public long Sequence { get; init; }

    /// <summary>The kind, in snake_case (<c>tool_charged</c>, <c>soft_limit</c>, …).</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>When it happened.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>The dollars involved.</summary>
    public decimal Amount { get; init; }

    /// <summary>Tool, model or child session.</summary>
    public string? Name { get; init; }

    /// <summary>Uncached prompt tokens (LLM charges).</summary>
    public long InputTokens { get; init; }

    /// <summary>Prompt tokens read from the cache.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Prompt tokens written to the cache.</summary>
    public long CacheWriteTokens { get; init; }

    /// <summary>Output tokens, reasoning included.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Whether the amount is an estimate.</summary>
    public bool IsEstimate { get; init; }

    /// <summary>Whether the call was marked as the final step.</summary>
    public bool IsFinalStep { get; init; }

    /// <summary>Whether the model had no known price.</summary>
    public bool IsUnpriced { get; init; }

    /// <summary>For limit, loop and termination events: why (snake_case).</summary>
    public string? Reason { get; init; }

    /// <summary>The call's argument fingerprint as 16 hex digits; null when none.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>What a notice says (model degraded to, refusing shared scope, store error); null for other events.</summary>
    public string? Detail { get; init; }
}
