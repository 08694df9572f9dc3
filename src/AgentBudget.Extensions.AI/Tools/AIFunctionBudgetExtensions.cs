using System;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using AgentBudget;
using AgentBudget.Extensions.AI;

namespace Microsoft.Extensions.AI;

/// <summary>Puts a price on <see cref="AIFunction"/>s.</summary>
public static class AIFunctionBudgetExtensions
{
    /// <summary>
    /// Wraps <paramref name="function"/> so every invocation is admitted against the budget, loop-checked and charged
    /// <paramref name="costPerCall"/>.
    /// </summary>
    /// <param name="function">The tool.</param>
    /// <param name="costPerCall">The exact cost of one call.</param>
    /// <param name="session">The session to charge; <c>null</c> to charge the session of the invoking pipeline or the ambient one.</param>
    /// <param name="onFailure">Whether a call that throws is still charged.</param>
    public static BudgetedAIFunction WithCost(this AIFunction function, Money costPerCall, BudgetSession? session = null,
        ToolFailureCharge onFailure = ToolFailureCharge.Charge)
        => new(function ?? throw new ArgumentNullException(nameof(function)), costPerCall, session, onFailure);

    /// <summary>Like <see cref="WithCost(AIFunction, Money, BudgetSession?, ToolFailureCharge)"/> with a cost in dollars, e.g. <c>0.01m</c>.</summary>
    public static BudgetedAIFunction WithCost(this AIFunction function, decimal dollarsPerCall, BudgetSession? session = null,
        ToolFailureCharge onFailure = ToolFailureCharge.Charge)
        => function.WithCost(Money.FromDollars(dollarsPerCall), session, onFailure);
}

/// <summary>
/// Creates priced <see cref="AIFunction"/>s from methods, reading the cost from <see cref="TrackToolAttribute"/> the
/// way <see cref="AIFunctionFactory"/> reads names and descriptions.
/// </summary>
public static class BudgetedAIFunctionFactory
{
    /// <summary>
    /// Creates a priced function from a delegate whose method carries <c>[TrackTool]</c>; the tool's name is
    /// <see cref="TrackToolAttribute.Name"/> when set, else the method name.
    /// </summary>
    public static BudgetedAIFunction Create(Delegate method, BudgetSession? session = null, string? description = null,
        JsonSerializerOptions? serializerOptions = null)
    {
        if (method is null)
        {
            throw new ArgumentNullException(nameof(method));
        }

        var attribute = method.Method.GetCustomAttribute<TrackToolAttribute>()
            ?? throw new ArgumentException(
                $"Method '{method.Method.Name}' has no [TrackTool] attribute. Add one, or use AIFunctionFactory.Create(...).WithCost(cost).",
                nameof(method));
        var name = attribute.Name ?? method.Method.Name;
        var function = AIFunctionFactory.Create(method, name, description, serializerOptions);
        return new BudgetedAIFunction(function, CostOf(attribute), session, attribute.OnFailure);
    }

    /// <summary>Reads the exact cost of a <see cref="TrackToolAttribute"/>.</summary>
    /// <remarks>
    /// A numeric cost is read through its shortest round-trip text ("R"), which is the literal as written for every
    /// literal with up to 15 significant digits (<c>0.01</c> → exactly one cent), never a binary fraction.
    /// </remarks>
    public static Money CostOf(TrackToolAttribute attribute)
    {
        if (attribute is null)
        {
            throw new ArgumentNullException(nameof(attribute));
        }

        if (attribute.CostText is { } text)
        {
            var trimmed = text.Trim();
            if (trimmed.StartsWith("$", StringComparison.Ordinal))
            {
                trimmed = trimmed.Substring(1);
            }

            return Money.FromDollars(decimal.Parse(trimmed, NumberStyles.Number, CultureInfo.InvariantCulture));
        }

        var literal = attribute.CostPerCall.ToString("R", CultureInfo.InvariantCulture);
        return Money.FromDollars(decimal.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture));
    }
}
