using System;
using System.Diagnostics.Metrics;
using AgentBudget;
using AgentBudget.Extensions.Hosting;
using AgentBudget.Observability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers AgentBudget in a service collection.</summary>
public static class AgentBudgetServiceCollectionExtensions
{
    /// <summary>
    /// Registers budgets configured from <paramref name="configuration"/> (for example
    /// <c>builder.Configuration.GetSection("AgentBudget")</c>): <see cref="AgentBudgets"/>, the default
    /// <see cref="Budget"/>, one keyed <see cref="Budget"/> per named budget, a scoped <see cref="BudgetSession"/> of the
    /// default budget (disposed with its scope), and <see cref="AgentBudgetMetrics"/> on a meter from
    /// <see cref="IMeterFactory"/>; alerts go to the metrics, to <c>ILogger</c> and to every registered
    /// <see cref="IBudgetEventSink"/>.
    /// </summary>
    public static IServiceCollection AddAgentBudget(this IServiceCollection services, IConfiguration configuration,
        Action<AgentBudgetHostOptions>? configure = null)
    {
        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        services.Configure<AgentBudgetSettings>(configuration);
        var named = configuration.GetSection(nameof(AgentBudgetSettings.Budgets)).GetChildren();
        foreach (var section in named)
        {
            var name = section.Key;
            services.AddKeyedSingleton(name, (provider, _) => provider.GetRequiredService<AgentBudgets>().Get(name));
        }

        return services.AddAgentBudgetCore(configure);
    }

    /// <summary>Registers budgets configured in code (<see cref="AgentBudgetSettings"/> is bound by the caller's options setup).</summary>
    public static IServiceCollection AddAgentBudget(this IServiceCollection services, Action<AgentBudgetSettings> configureSettings,
        Action<AgentBudgetHostOptions>? configure = null)
    {
        if (configureSettings is null)
        {
            throw new ArgumentNullException(nameof(configureSettings));
        }

        services.Configure(configureSettings);
        return services.AddAgentBudgetCore(configure);
    }

    private static IServiceCollection AddAgentBudgetCore(this IServiceCollection services, Action<AgentBudgetHostOptions>? configure)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        services.AddOptions();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(static provider =>
        {
            var host = provider.GetRequiredService<IOptions<AgentBudgetHostOptions>>().Value;
            var factory = provider.GetService<IMeterFactory>();
            return factory is null
                ? AgentBudgetMetrics.Shared
                : new AgentBudgetMetrics(factory.Create(new MeterOptions(AgentBudgetTelemetry.Name) { Version = AgentBudgetTelemetry.Version }),
                    ownsMeter: false, includeLegacySystemAttribute: host.IncludeLegacyGenAISystemAttribute);
        });
        services.TryAddSingleton(static provider => new AgentBudgets(
            provider.GetRequiredService<IOptions<AgentBudgetSettings>>(),
            provider.GetRequiredService<IOptions<AgentBudgetHostOptions>>(),
            provider.GetRequiredService<AgentBudgetMetrics>(),
            provider.GetServices<IBudgetEventSink>(),
            provider.GetService<AgentBudget.Pricing.IPriceCatalog>(),
            provider.GetService<Logging.ILoggerFactory>()));
        services.TryAddSingleton(static provider => provider.GetRequiredService<AgentBudgets>().Default);
        services.TryAddScoped(static provider => provider.GetRequiredService<AgentBudgets>().StartSession());
        return services;
    }
}
