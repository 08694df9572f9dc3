using System;
using AgentBudget;
using AgentBudget.Extensions.AI;
using AgentBudget.Extensions.AI.Internal;
using AgentBudget.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.AI;

/// <summary>Adds AgentBudget to <see cref="ChatClientBuilder"/> pipelines.</summary>
public static class ChatClientBuilderBudgetExtensions
{
    /// <summary>
    /// Adds a <see cref="BudgetChatClient"/> charging <paramref name="session"/>. Put it <b>after</b>
    /// <c>UseFunctionInvocation()</c> so it sees every tool round trip, or use
    /// <see cref="UseBudgetedFunctionInvocation(ChatClientBuilder, BudgetSession, Action{BudgetChatClientOptions}?, Action{FunctionInvokingChatClient}?)"/>.
    /// </summary>
    public static ChatClientBuilder UseBudget(this ChatClientBuilder builder, BudgetSession session,
        Action<BudgetChatClientOptions>? configure = null)
        => builder.UseBudget(SessionResolvers.Fixed(session), configure);

    /// <summary>
    /// Adds a <see cref="BudgetChatClient"/> that charges the session <paramref name="sessionResolver"/> returns at each
    /// call; without a resolver, the ambient session (<see cref="AmbientBudget.Current"/>).
    /// </summary>
    public static ChatClientBuilder UseBudget(this ChatClientBuilder builder, Func<BudgetSession>? sessionResolver = null,
        Action<BudgetChatClientOptions>? configure = null)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        var resolver = sessionResolver ?? SessionResolvers.Ambient;
        return builder.Use((inner, services) =>
        {
            var options = CreateOptions(services, configure);
            return new BudgetChatClient(inner, resolver, options, services.GetService<ILoggerFactory>());
        });
    }

    /// <summary>
    /// Adds function invocation with the budget in the right place: a <see cref="FunctionInvokingChatClient"/> whose
    /// inner client is a <see cref="BudgetChatClient"/>, so the budget is checked before every model round trip of a
    /// tool loop, and whose function invoker loop-checks every tool call, charges
    /// <see cref="BudgetChatClientOptions.ToolCosts"/> and gives <c>WithCost</c> tools the session.
    /// </summary>
    public static ChatClientBuilder UseBudgetedFunctionInvocation(this ChatClientBuilder builder, BudgetSession session,
        Action<BudgetChatClientOptions>? configure = null, Action<FunctionInvokingChatClient>? configureFunctionInvocation = null)
        => builder.UseBudgetedFunctionInvocation(SessionResolvers.Fixed(session), configure, configureFunctionInvocation);

    /// <summary>
    /// Like <see cref="UseBudgetedFunctionInvocation(ChatClientBuilder, BudgetSession, Action{BudgetChatClientOptions}?, Action{FunctionInvokingChatClient}?)"/>,
    /// resolving the session at every call (the ambient session when <paramref name="sessionResolver"/> is <c>null</c>).
    /// </summary>
    public static ChatClientBuilder UseBudgetedFunctionInvocation(this ChatClientBuilder builder, Func<BudgetSession>? sessionResolver = null,
        Action<BudgetChatClientOptions>? configure = null, Action<FunctionInvokingChatClient>? configureFunctionInvocation = null)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        var resolver = sessionResolver ?? SessionResolvers.Ambient;
        return builder.Use((inner, services) =>
        {
            var options = CreateOptions(services, configure);
            var loggerFactory = services.GetService<ILoggerFactory>();
            var budgeted = new BudgetChatClient(inner, resolver, options, loggerFactory);
            var functionInvoking = new FunctionInvokingChatClient(budgeted, loggerFactory, services);
            configureFunctionInvocation?.Invoke(functionInvoking);
            functionInvoking.FunctionInvoker = BudgetedFunctionInvoker.Create(resolver, options.ToolCosts,
                options.Metrics ?? AgentBudgetMetrics.Shared, functionInvoking.FunctionInvoker);
            return functionInvoking;
        });
    }

    private static BudgetChatClientOptions CreateOptions(IServiceProvider services, Action<BudgetChatClientOptions>? configure)
    {
        var options = new BudgetChatClientOptions { Metrics = services.GetService<AgentBudgetMetrics>() };
        configure?.Invoke(options);
        return options;
    }
}
