using System;

namespace AgentBudget;

/// <summary>
/// Charges a fixed cost for every call of a tool method of a <see cref="BudgetedAttribute"/> class. The generator
/// intercepts each call site: the cost is admitted against the budget before the tool runs, charged after it, and the
/// call is loop-checked by tool name plus a fingerprint of its arguments.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TrackToolAttribute : Attribute
{
    /// <summary>Creates the attribute with a cost in dollars per call, for example <c>0.01</c>.</summary>
    /// <remarks>The generator reads the literal as written, so <c>0.01</c> is exactly one cent, never a binary fraction.</remarks>
    public TrackToolAttribute(double costPerCall) => CostPerCall = costPerCall;

    /// <summary>Creates the attribute with a cost string, for example <c>"$0.01"</c>.</summary>
    public TrackToolAttribute(string costPerCall) => CostText = costPerCall;

    /// <summary>The cost per call when given as a number.</summary>
    public double CostPerCall { get; }

    /// <summary>The cost per call when given as a string.</summary>
    public string? CostText { get; }

    /// <summary>The name used in reports, events and loop detection. Defaults to the method name.</summary>
    public string? Name { get; set; }

    /// <summary>Whether a call that throws is still charged. Default <see cref="ToolFailureCharge.Charge"/>: the external API was called.</summary>
    public ToolFailureCharge OnFailure { get; set; } = ToolFailureCharge.Charge;
}

/// <summary>What a tracked tool call that throws costs.</summary>
public enum ToolFailureCharge
{
    /// <summary>Charge the full cost: the external service was called and most bill failed calls too.</summary>
    Charge = 0,

    /// <summary>Release the reservation and charge nothing.</summary>
    Release = 1,
}
