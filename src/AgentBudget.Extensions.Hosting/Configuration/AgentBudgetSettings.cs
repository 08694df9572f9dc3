using System;
using System.Collections.Generic;

namespace AgentBudget.Extensions.Hosting;

/// <summary>
/// The <c>appsettings.json</c> shape of a budget. The root section is the default budget; <see cref="Budgets"/> holds
/// named budgets, each inheriting every value it does not set from the root.
/// </summary>
/// <example>
/// <code>
/// "AgentBudget": {
///   "MaxSpend": "$5.00", "SoftLimit": 0.8, "FinalizationReserve": 0.1,
///   "LoopDetection": { "MaxRepeatedCalls": 5, "WindowSeconds": 30 },
///   "UnknownModels": "RecordUnpriced",
///   "Budgets": { "research": { "MaxSpend": "$1.50", "SoftLimit": 0.5 } }
/// }
/// </code>
/// </example>
public sealed class AgentBudgetSettings
{
    /// <summary>The hard limit as text, for example <c>"$5.00"</c> (parsed exactly with the same rules as <c>[Budgeted]</c>).</summary>
    public string? MaxSpend { get; set; }

    /// <summary>Fraction of the limit at which the soft limit fires (0 &lt; value ≤ 1).</summary>
    public double? SoftLimit { get; set; }

    /// <summary>Fraction of the limit reserved for calls marked as the final step (0 ≤ value &lt; 1).</summary>
    public double? FinalizationReserve { get; set; }

    /// <summary>Loop detection.</summary>
    public LoopDetectionSettings? LoopDetection { get; set; }

    /// <summary>What happens to calls of models without a known price.</summary>
    public UnknownModelPolicy? UnknownModels { get; set; }

    /// <summary>Maximum LLM calls per session; 0 means no limit.</summary>
    public int? MaxLlmCalls { get; set; }

    /// <summary>Maximum tool calls per session; 0 means no limit.</summary>
    public int? MaxToolCalls { get; set; }

    /// <summary>Maximum tokens per session; 0 means no limit.</summary>
    public long? MaxTotalTokens { get; set; }

    /// <summary>Maximum wall-clock duration of a session in seconds; 0 means no limit.</summary>
    public double? MaxDurationSeconds { get; set; }

    /// <summary>How many events each session keeps.</summary>
    public int? EventCapacity { get; set; }

    /// <summary>Named budgets (case-insensitive names), each overriding the root values it sets.</summary>
    public Dictionary<string, AgentBudgetSettings> Budgets { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>The <c>LoopDetection</c> section of <see cref="AgentBudgetSettings"/>.</summary>
public sealed class LoopDetectionSettings
{
    /// <summary>Identical calls allowed inside the window; 0 disables loop detection.</summary>
    public int? MaxRepeatedCalls { get; set; }

    /// <summary>The sliding window, in seconds.</summary>
    public double? WindowSeconds { get; set; }
}
