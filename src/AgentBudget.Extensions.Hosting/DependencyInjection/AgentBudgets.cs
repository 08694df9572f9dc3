using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using AgentBudget.Observability;
using AgentBudget.Pricing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentBudget.Extensions.Hosting;

/// <summary>
/// The budgets configured with <c>AddAgentBudget</c>: the default one (the root configuration section) and the named
/// ones (its <c>Budgets</c> section). Each is built once, with the metrics and logging alert sinks attached.
/// </summary>
public sealed class AgentBudgets
{
    /// <summary>The name of the default budget in metrics (<c>agentbudget.budget.name</c>) and in <see cref="Get"/>.</summary>
    public const string DefaultName = "default";

    private readonly AgentBudgetSettings _settings;
    private readonly AgentBudgetHostOptions _hostOptions;
    private readonly IPriceCatalog? _prices;
    private readonly AgentBudgetMetrics _metrics;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly IEnumerable<IBudgetEventSink> _extraSinks;
    private readonly string _sectionPath;
    private readonly ConcurrentDictionary<string, Lazy<Budget>> _budgets = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Created by dependency injection.</summary>
    public AgentBudgets(IOptions<AgentBudgetSettings> settings, IOptions<AgentBudgetHostOptions> hostOptions, AgentBudgetMetrics metrics,
        IEnumerable<IBudgetEventSink> extraSinks, IPriceCatalog? prices = null, ILoggerFactory? loggerFactory = null)
    {
        _settings = (settings ?? throw new ArgumentNullException(nameof(settings))).Value;
        _hostOptions = (hostOptions ?? throw new ArgumentNullException(nameof(hostOptions))).Value;
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _extraSinks = extraSinks ?? [];
        _prices = _hostOptions.Prices ?? prices ?? PriceCatalog.Default;
        _loggerFactory = loggerFactory;
        _sectionPath = "AgentBudget";
    }

    /// <summary>The default budget.</summary>
    public Budget Default => Get(DefaultName);

    /// <summary>The names of the configured named budgets (not including <see cref="DefaultName"/>).</summary>
    public IReadOnlyCollection<string> Names => _settings.Budgets.Keys.ToArray();

    /// <summary>The budget called <paramref name="name"/> (<see cref="DefaultName"/> for the default one).</summary>
    /// <exception cref="KeyNotFoundException">No budget of that name is configured.</exception>
    public Budget Get(string name)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        return _budgets.GetOrAdd(name, n => new Lazy<Budget>(() => Create(n))).Value;
    }

    /// <summary>Starts a session (one agent run) of the budget called <paramref name="name"/>, or of the default budget.</summary>
    public BudgetSession StartSession(string? name = null, string? sessionId = null) => Get(name ?? DefaultName).StartSession(sessionId);

    private Budget Create(string name)
    {
        AgentBudgetSettings? named = null;
        var isDefault = string.Equals(name, DefaultName, StringComparison.OrdinalIgnoreCase);
        if (!isDefault && !_settings.Budgets.TryGetValue(name, out named))
        {
            throw new KeyNotFoundException(
                $"No AgentBudget budget named '{name}' is configured. Configured: {string.Join(", ", _settings.Budgets.Keys)}.");
        }

        var path = isDefault ? _sectionPath : _sectionPath + ":Budgets:" + name;
        var options = AgentBudgetSettingsMapper.ToOptions(_settings, named, path, _prices);
        var telemetryName = isDefault ? DefaultName : name;
        options.AlertSinks.Add(new AgentBudgetMetricsSink(_metrics, telemetryName));
        if (_hostOptions.LogAlerts && _loggerFactory is not null)
        {
            options.AlertSinks.Add(new BudgetAlertLogger(_loggerFactory.CreateLogger("AgentBudget"), telemetryName));
        }

        foreach (var sink in _extraSinks)
        {
            options.AlertSinks.Add(sink);
        }

        _hostOptions.ConfigureBudget?.Invoke(isDefault ? string.Empty : name, options);
        var budget = new Budget(options);
        _metrics.SetBudgetName(budget, telemetryName);
        return budget;
    }
}
