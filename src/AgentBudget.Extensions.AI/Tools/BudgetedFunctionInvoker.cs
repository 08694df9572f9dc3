using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AgentBudget.Extensions.AI.Internal;
using AgentBudget.Observability;
using Microsoft.Extensions.AI;

namespace AgentBudget.Extensions.AI;

/// <summary>
/// The <see cref="FunctionInvokingChatClient.FunctionInvoker"/> that <c>UseBudgetedFunctionInvocation()</c> installs:
/// every tool call is loop-checked against the session; tools named in <see cref="BudgetChatClientOptions.ToolCosts"/>
/// are admitted and charged; tools wrapped with <c>WithCost</c> charge themselves and see the pipeline's session.
/// </summary>
internal static class BudgetedFunctionInvoker
{
    public static Func<FunctionInvocationContext, CancellationToken, ValueTask<object?>> Create(
        Func<BudgetSession> sessionResolver, IDictionary<string, Money> toolCosts, AgentBudgetMetrics metrics,
        Func<FunctionInvocationContext, CancellationToken, ValueTask<object?>>? next)
    {
        return async (context, cancellationToken) =>
        {
            var session = sessionResolver();
            var previous = SessionResolvers.CurrentPipelineSession;
            SessionResolvers.CurrentPipelineSession = session;
            try
            {
                var function = context.Function;
                if (function.GetService<BudgetedAIFunction>() is not null)
                {
                    // It admits, charges and loop-checks itself.
                    return await InvokeNextAsync(context, next, cancellationToken).ConfigureAwait(false);
                }

                var cost = toolCosts.TryGetValue(function.Name, out var priced) ? priced : Money.Zero;
                var fingerprint = RequestShape.FingerprintTool(function.Name, context.Arguments);
                var reservation = await session.ReserveAsync(cost, function.Name, CallKind.Tool, fingerprint, cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                object? result;
                try
                {
                    result = await InvokeNextAsync(context, next, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    // Same default as [TrackTool]: the external service was called, so a failed call is charged.
                    await ChargeAsync(metrics, session, reservation, function.Name, cost).ConfigureAwait(false);
                    throw;
                }

                await ChargeAsync(metrics, session, reservation, function.Name, cost).ConfigureAwait(false);
                return result;
            }
            finally
            {
                SessionResolvers.CurrentPipelineSession = previous;
            }
        };
    }

    private static async ValueTask ChargeAsync(AgentBudgetMetrics metrics, BudgetSession session, BudgetReservation reservation, string toolName, Money cost)
    {
        if (await reservation.SettleAsync(cost).ConfigureAwait(false) && cost != Money.Zero)
        {
            BudgetRuntime.RecordToolCharge(metrics, session, toolName, cost);
        }
    }

    private static ValueTask<object?> InvokeNextAsync(FunctionInvocationContext context,
        Func<FunctionInvocationContext, CancellationToken, ValueTask<object?>>? next, CancellationToken cancellationToken)
        => next is not null ? next(context, cancellationToken) : context.Function.InvokeAsync(context.Arguments, cancellationToken);
}
