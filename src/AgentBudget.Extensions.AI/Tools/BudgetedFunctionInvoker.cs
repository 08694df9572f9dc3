using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AgentBudget.Extensions.AI.Internal;
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
        Func<BudgetSession> sessionResolver, IDictionary<string, Money> toolCosts,
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
                var reservation = session.Reserve(cost, function.Name, CallKind.Tool, fingerprint);
                object? result;
                try
                {
                    result = await InvokeNextAsync(context, next, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    // Same default as [TrackTool]: the external service was called, so a failed call is charged.
                    reservation.Settle(cost);
                    throw;
                }

                reservation.Settle(cost);
                return result;
            }
            finally
            {
                SessionResolvers.CurrentPipelineSession = previous;
            }
        };
    }

    private static ValueTask<object?> InvokeNextAsync(FunctionInvocationContext context,
        Func<FunctionInvocationContext, CancellationToken, ValueTask<object?>>? next, CancellationToken cancellationToken)
        => next is not null ? next(context, cancellationToken) : context.Function.InvokeAsync(context.Arguments, cancellationToken);
}
