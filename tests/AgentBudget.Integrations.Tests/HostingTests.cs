using AgentBudget.Extensions.Hosting;
using AgentBudget.Integrations.Tests.Support;
using AgentBudget.Observability;
using AgentBudget.Pricing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentBudget.Integrations.Tests;

/// <summary>services.AddAgentBudget(configuration) in a real HostApplicationBuilder reading appsettings.json.</summary>
public sealed class HostingTests
{
    private static HostApplicationBuilder CreateBuilder(LogCapture? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Test",
            Args = [],
        });
        builder.Services.AddSingleton<IPriceCatalog>(TestPrices.Instance);
        builder.Services.AddAgentBudget(builder.Configuration.GetSection("AgentBudget"));
        if (logs is not null)
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
        }

        return builder;
    }

    [Fact]
    public void Budgets_are_bound_from_appsettings_with_named_budgets_inheriting_the_root()
    {
        using var host = CreateBuilder().Build();

        var defaultBudget = host.Services.GetRequiredService<Budget>();
        Assert.Equal(TestPrices.Usd("2.50"), defaultBudget.MaxSpend);
        Assert.Equal(0.8, defaultBudget.Options.SoftLimitFraction);
        Assert.Equal(0.1, defaultBudget.Options.FinalizationReserveFraction);
        Assert.Equal(3, defaultBudget.Options.LoopDetection.MaxRepeatedCalls);
        Assert.Equal(TimeSpan.FromSeconds(30), defaultBudget.Options.LoopDetection.Window);
        Assert.Equal(UnknownModelPolicy.RecordUnpriced, defaultBudget.Options.UnknownModels);
        Assert.Equal(20, defaultBudget.Options.MaxLlmCalls);
        Assert.Same(TestPrices.Instance, defaultBudget.Options.Prices);

        var research = host.Services.GetRequiredKeyedService<Budget>("research");
        Assert.Equal(TestPrices.Usd("0.03"), research.MaxSpend);
        Assert.Equal(0.8, research.Options.SoftLimitFraction);   // inherited
        Assert.Equal(3, research.Options.LoopDetection.MaxRepeatedCalls);

        var support = host.Services.GetRequiredService<AgentBudgets>().Get("support");
        Assert.Equal(TestPrices.Usd("1"), support.MaxSpend);
        Assert.Equal(0.5, support.Options.SoftLimitFraction);
        Assert.Equal(0, support.Options.FinalizationReserveFraction);
        Assert.Equal(UnknownModelPolicy.Throw, support.Options.UnknownModels);
        Assert.Equal(["research", "support"], host.Services.GetRequiredService<AgentBudgets>().Names.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void A_scoped_session_of_the_default_budget_ends_with_its_scope()
    {
        using var host = CreateBuilder().Build();
        BudgetSession session;
        using (var scope = host.Services.CreateScope())
        {
            session = scope.ServiceProvider.GetRequiredService<BudgetSession>();
            Assert.Same(session, scope.ServiceProvider.GetRequiredService<BudgetSession>());
            Assert.Equal(TestPrices.Usd("2.50"), session.Limit);
            Assert.Equal(TestPrices.Usd("0.25"), session.FinalizationReserve);
        }

        Assert.True(session.IsDisposed);
    }

    [Fact]
    public async Task A_DI_chat_client_with_UseBudget_charges_the_ambient_named_session_and_reports_metrics_and_logs()
    {
        var logs = new LogCapture();
        var handler = new FakeHandler()
            .Json(Canned.OpenAIToolCall("call_1", "search", """{"query":"alpha"}""", 400, 20, "gpt-4o-2024-08-06"))
            .Json(Canned.OpenAIToolCall("call_2", "search", """{"query":"beta"}""", 600, 20, "gpt-4o-2024-08-06"))
            .Json(Canned.OpenAIToolCall("call_3", "search", """{"query":"gamma"}""", 800, 20, "gpt-4o-2024-08-06"));
        var builder = CreateBuilder(logs);
        builder.Services.AddChatClient(Sdk.OpenAIChat(handler, "gpt-4o"))
            .UseBudgetedFunctionInvocation(configure: budget => budget.ToolCosts["search"] = TestPrices.Usd("0.01"));
        using var host = builder.Build();
        var metrics = host.Services.GetRequiredService<AgentBudgetMetrics>();
        using var capture = new MeterCapture(metrics.Meter);
        var chat = host.Services.GetRequiredService<IChatClient>();
        var session = host.Services.GetRequiredService<AgentBudgets>().StartSession("research");
        var options = new ChatOptions
        {
            MaxOutputTokens = 1000,
            Tools = [AIFunctionFactory.Create((string query) => "results for " + query, "search")],
        };

        using (AmbientBudget.BeginScope(session))
        {
            await Assert.ThrowsAsync<BudgetExhaustedException>(() => chat.GetResponseAsync("Research alpha, beta, gamma", options));
        }

        Assert.NotSame(AgentBudgetMetrics.Shared, metrics);   // built from the host's IMeterFactory
        Assert.Equal(TestPrices.Usd("0.0229"), session.Spent);
        var costs = capture.Of("agentbudget.cost");
        Assert.All(costs, m => Assert.Equal("research", m.Tag("agentbudget.budget.name")));
        Assert.Equal([0.0012, 0.01, 0.0017, 0.01], costs.Select(m => m.Value).ToArray());
        var limitEvents = capture.Of("agentbudget.limit.events").Select(m => m.Tag("agentbudget.event")!).ToArray();
        Assert.Equal(["budget_exhausted"], limitEvents);
        var hardLimit = Assert.Single(logs.Entries, e => e.EventId == 101);
        Assert.Equal(LogLevel.Error, hardLimit.Level);
        Assert.StartsWith("Budget research, session " + session.Id + ": hard limit reached, spent $0.022900 of $0.030000", hardLimit.Message);
    }

    [Fact]
    public void Without_a_registered_catalog_budgets_price_with_the_built_in_catalog()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AgentBudget:MaxSpend"] = "$3" });
        builder.Services.AddAgentBudget(builder.Configuration.GetSection("AgentBudget"));
        using var host = builder.Build();

        var budget = host.Services.GetRequiredService<Budget>();

        Assert.Same(PriceCatalog.Default, budget.Options.Prices);
        Assert.Equal(TestPrices.Usd("3"), budget.MaxSpend);
        // HostApplicationBuilder registers IMeterFactory even without defaults, so the meter is the host's.
        Assert.NotSame(AgentBudgetMetrics.Shared, host.Services.GetRequiredService<AgentBudgetMetrics>());
    }

    [Fact]
    public void An_invalid_MaxSpend_names_the_configuration_key()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AgentBudget:MaxSpend"] = "$1.00",
            ["AgentBudget:Budgets:broken:MaxSpend"] = "five dollars",
        });
        builder.Services.AddAgentBudget(builder.Configuration.GetSection("AgentBudget"));
        using var host = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredKeyedService<Budget>("broken"));

        Assert.Contains("'AgentBudget:Budgets:broken:MaxSpend' = 'five dollars'", error.Message);
    }
}

/// <summary>An ILoggerProvider that keeps every entry.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public sealed record Entry(string Category, LogLevel Level, int EventId, string Message);

    private readonly List<Entry> _entries = [];

    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (_entries)
            {
                return _entries.ToArray();
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._entries)
            {
                owner._entries.Add(new Entry(category, logLevel, eventId.Id, formatter(state, exception)));
            }
        }
    }
}
