using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using AgentBudget.Enforcement;
using AgentBudget.Reporting;

namespace AgentBudget;

public sealed partial class BudgetSession
{
    /// <summary>The kept events, oldest first (a copy).</summary>
    public IReadOnlyList<BudgetEvent> GetEvents() => _events.Snapshot(ToDateTime);

    /// <summary>Events recorded but no longer kept because the log is full.</summary>
    public long DroppedEvents => _events.Dropped;

    /// <summary>A snapshot of the session's money, breakdown, tokens, events and children.</summary>
    public BudgetReport Report()
    {
        var committed = Volatile.Read(ref _committed);
        var spent = Volatile.Read(ref _spent);
        var endTimestamp = Volatile.Read(ref _endTimestamp);
        var elapsedEnd = endTimestamp != 0 ? endTimestamp : _time.GetTimestamp();

        var byModel = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var models = new Dictionary<string, ModelUsage>(StringComparer.Ordinal);
        var unpricedModels = new List<string>();
        long llmCalls = 0, llmTotal = 0, unpriced = 0, estimated = 0;
        long uncached = 0, cacheRead = 0, cacheWrite = 0, output = 0, reasoning = 0;
        foreach (var name in SortedKeys(_models))
        {
            var snapshot = _models[name].Snapshot();
            if (snapshot.Calls == 0)
            {
                continue; // A model that was only reserved, never charged.
            }

            var cost = ToDollars(snapshot.Picodollars);
            byModel[name] = cost;
            models[name] = new ModelUsage
            {
                Cost = cost,
                Calls = snapshot.Calls,
                InputTokens = snapshot.UncachedInputTokens,
                CachedInputTokens = snapshot.CacheReadTokens,
                CacheWriteTokens = snapshot.CacheWriteTokens,
                OutputTokens = snapshot.OutputTokens,
                ReasoningTokens = snapshot.ReasoningTokens,
                UnpricedCalls = snapshot.UnpricedCalls,
                EstimatedCalls = snapshot.EstimatedCalls,
            };
            llmCalls += snapshot.Calls;
            llmTotal += snapshot.Picodollars;
            unpriced += snapshot.UnpricedCalls;
            estimated += snapshot.EstimatedCalls;
            uncached += snapshot.UncachedInputTokens;
            cacheRead += snapshot.CacheReadTokens;
            cacheWrite += snapshot.CacheWriteTokens;
            output += snapshot.OutputTokens;
            reasoning += snapshot.ReasoningTokens;
            if (snapshot.UnpricedCalls > 0)
            {
                unpricedModels.Add(name);
            }
        }

        var byTool = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var tools = new Dictionary<string, ToolUsage>(StringComparer.Ordinal);
        long toolCalls = 0, toolTotal = 0;
        foreach (var name in SortedKeys(_tools))
        {
            var snapshot = _tools[name].Snapshot();
            if (snapshot.Calls == 0)
            {
                continue;
            }

            var cost = ToDollars(snapshot.Picodollars);
            byTool[name] = cost;
            tools[name] = new ToolUsage { Cost = cost, Calls = snapshot.Calls };
            toolCalls += snapshot.Calls;
            toolTotal += snapshot.Picodollars;
        }

        var kept = _events.Snapshot(ToDateTime);
        var events = new List<EventEntry>(kept.Count);
        foreach (var e in kept)
        {
            events.Add(new EventEntry
            {
                Sequence = e.Sequence,
                Kind = e.Kind.ToSnakeCase(),
                Timestamp = e.Timestamp,
                Amount = e.Amount.ToDecimal(),
                Name = e.Name,
                InputTokens = e.Usage.UncachedInputTokens,
                CachedInputTokens = e.Usage.CacheReadTokens,
                CacheWriteTokens = e.Usage.CacheWrite5mTokens + e.Usage.CacheWrite1hTokens,
                OutputTokens = e.Usage.TotalOutputTokens,
                IsEstimate = e.IsEstimate,
                IsFinalStep = e.IsFinalStep,
                IsUnpriced = (e.Flags & BudgetEventFlags.Unpriced) != 0,
                Reason = e.Reason?.ToSnakeCase(),
                Fingerprint = e.Fingerprint == 0 ? null : e.Fingerprint.ToString("x16", CultureInfo.InvariantCulture),
                Detail = e.Detail,
            });
        }

        var children = new List<BudgetReport>();
        foreach (var child in GetChildren())
        {
            children.Add(child.Report());
        }

        return new BudgetReport
        {
            SessionId = Id,
            Name = Name,
            ParentSessionId = _parent?.Id,
            Budget = ToDollars(_limit),
            TotalSpent = ToDollars(spent),
            Remaining = ToDollars(Math.Max(0, _limit - committed)),
            Reserved = ToDollars(Math.Max(0, committed - spent)),
            FinalizationReserve = ToDollars(_limit - _ordinaryLimit),
            SoftLimit = ToDollars(_softThreshold),
            SoftLimitReached = SoftLimitReached,
            Breakdown = new SpendBreakdown
            {
                Llm = new LlmBreakdown { Total = ToDollars(llmTotal), Calls = llmCalls, ByModel = byModel, Models = models },
                Tools = new ToolBreakdown { Total = ToDollars(toolTotal), Calls = toolCalls, ByTool = byTool, ToolsDetail = tools },
            },
            Tokens = new TokenTotals
            {
                InputTokens = uncached,
                CachedInputTokens = cacheRead,
                CacheWriteTokens = cacheWrite,
                OutputTokens = output,
                ReasoningTokens = reasoning,
                TotalTokens = uncached + cacheRead + cacheWrite + output + reasoning,
            },
            ReservationsOutstanding = new ReservationSummary
            {
                Count = Volatile.Read(ref _reservationsOutstanding),
                Amount = ToDollars(Math.Max(0, committed - spent)),
            },
            UnpricedCalls = unpriced,
            UnpricedModels = unpricedModels,
            EstimatedCalls = estimated,
            StartedAt = _startedAt,
            EndedAt = endTimestamp != 0 ? ToDateTime(endTimestamp) : null,
            DurationSeconds = (double)ElapsedSeconds(elapsedEnd),
            TerminatedBy = TerminatedBy?.ToSnakeCase(),
            CallbackErrors = Volatile.Read(ref _callbackErrors),
            EventsTotal = _events.Total,
            EventsDropped = _events.Dropped,
            Events = events,
            Children = children,
        };
    }

    private decimal ElapsedSeconds(long timestamp) => (decimal)(timestamp - _startTimestamp) / _time.TimestampFrequency;

    private static decimal ToDollars(long picodollars) => Money.FromPicodollars(picodollars).ToDecimal();

    private static List<string> SortedKeys(System.Collections.Concurrent.ConcurrentDictionary<string, UsageAggregate> map)
    {
        var keys = new List<string>(map.Count);
        foreach (var pair in map)
        {
            keys.Add(pair.Key);
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}
