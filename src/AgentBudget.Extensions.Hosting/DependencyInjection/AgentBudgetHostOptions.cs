using System;
using System.Collections.Generic;
using AgentBudget.Pricing;

namespace AgentBudget.Extensions.Hosting;

/// <summary>Code-side settings of <c>AddAgentBudget</c>, applied on top of configuration.</summary>
public sealed class AgentBudgetHostOptions
{
    /// <summary>
    /// The price catalog of every budget. When <c>null</c>, an <see cref="IPriceCatalog"/> registered in the service
    /// collection is used, else <see cref="PriceCatalog.Default"/> (the built-in table plus the project's own prices).
    /// </summary>
    public IPriceCatalog? Prices { get; set; }

    /// <summary>Adjusts the options of every budget after configuration was applied (callbacks, fallback price…); receives the budget name (empty for the default).</summary>
    public Action<string, BudgetOptions>? ConfigureBudget { get; set; }

    /// <summary>Also tag token metrics with the legacy <c>gen_ai.system</c> attribute (GenAI conventions up to v1.36).</summary>
    public bool IncludeLegacyGenAISystemAttribute { get; set; }

    /// <summary>Whether alerts are logged through <c>ILogger</c>. Default <c>true</c>.</summary>
    public bool LogAlerts { get; set; } = true;

    internal List<string> ConfiguredNames { get; } = [];
}
