using System;

namespace AgentBudget;

/// <summary>
/// Puts a hard dollar limit on a <c>partial</c> agent class. The AgentBudget source generator adds the budget and
/// its current session to the class and intercepts the LLM calls made inside it, so they are admitted, priced and
/// recorded with no change to the calls themselves.
/// </summary>
/// <example><code>[Budgeted("$5.00", SoftLimit = 0.9)] public partial class ResearchAgent { … }</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class BudgetedAttribute : Attribute
{
    /// <summary>Creates the attribute from a budget string such as <c>"$5.00"</c> (validated at compile time).</summary>
    public BudgetedAttribute(string maxSpend) => MaxSpend = maxSpend;

    /// <summary>The hard limit, as written (for example <c>"$5.00"</c>).</summary>
    public string MaxSpend { get; }

    /// <summary>Fraction of the budget at which the soft-limit hook fires once (0 &lt; value ≤ 1). Default 0.9.</summary>
    public double SoftLimit { get; set; } = 0.9;

    /// <summary>Fraction of the budget held back for calls marked as the final step. Default 0.</summary>
    public double FinalizationReserve { get; set; }

    /// <summary>Calls with the same name and argument fingerprint allowed inside <see cref="LoopWindowSeconds"/>; 0 disables loop detection. Default 10.</summary>
    public int MaxRepeatedCalls { get; set; } = 10;

    /// <summary>Sliding window of the loop detector, in seconds. Default 60.</summary>
    public double LoopWindowSeconds { get; set; } = 60;

    /// <summary>What to do with a call to a model the price table does not know. Default <see cref="UnknownModelPolicy.Throw"/>.</summary>
    public UnknownModelPolicy UnknownModels { get; set; } = UnknownModelPolicy.Throw;

    /// <summary>Maximum LLM calls per session; 0 means no limit.</summary>
    public int MaxLlmCalls { get; set; }

    /// <summary>Maximum tool calls per session; 0 means no limit.</summary>
    public int MaxToolCalls { get; set; }

    /// <summary>Maximum total tokens per session; 0 means no limit.</summary>
    public long MaxTotalTokens { get; set; }

    /// <summary>Maximum wall-clock duration of a session, in seconds; 0 means no limit.</summary>
    public double MaxDurationSeconds { get; set; }
}
