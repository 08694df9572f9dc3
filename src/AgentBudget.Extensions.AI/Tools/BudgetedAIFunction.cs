using System;
using System.Threading;
using System.Threading.Tasks;
using AgentBudget.Extensions.AI.Internal;
using AgentBudget.Observability;
using Microsoft.Extensions.AI;

namespace AgentBudget.Extensions.AI;

/// <summary>
/// An <see cref="AIFunction"/> with a price per call: each invocation is admitted against the budget session
/// (refused with <see cref="BudgetExhaustedException"/> when the cost does not fit), loop-checked by tool name plus
/// a fingerprint of its arguments (<see cref="LoopDetectedException"/>), and charged after it runs.
/// </summary>
/// <remarks>
/// The session is the one bound at creation, else the one of the enclosing <c>UseBudgetedFunctionInvocation()</c>
/// pipeline or <c>AgentBudget</c> ambient session. A budget stop thrown here is turned by
/// <see cref="FunctionInvokingChatClient"/> into an error result; a <see cref="BudgetChatClient"/> inside it rethrows
/// the stop on the next model call, so the agent ends without another paid round trip.
/// </remarks>
public sealed class BudgetedAIFunction : DelegatingAIFunction
{
    private readonly BudgetSession? _session;
    private readonly AgentBudgetMetrics _metrics;

    /// <summary>Wraps <paramref name="innerFunction"/> with a cost per call.</summary>
    /// <param name="innerFunction">The function to charge for.</param>
    /// <param name="costPerCall">The exact cost of one call.</param>
    /// <param name="session">The session to charge; <c>null</c> to use the session of the calling pipeline or the ambient one.</param>
    /// <param name="onFailure">Whether a call that throws is still charged. Default: charged (the external API was called).</param>
    /// <param name="metrics">Where the cost metric goes; default <see cref="AgentBudgetMetrics.Shared"/>.</param>
    public BudgetedAIFunction(AIFunction innerFunction, Money costPerCall, BudgetSession? session = null,
        ToolFailureCharge onFailure = ToolFailureCharge.Charge, AgentBudgetMetrics? metrics = null)
        : base(innerFunction)
    {
        if (costPerCall.IsNegative)
        {
            throw new ArgumentOutOfRangeException(nameof(costPerCall), costPerCall, "A tool cost cannot be negative.");
        }

        CostPerCall = costPerCall;
        OnFailure = onFailure;
        _session = session;
        _metrics = metrics ?? AgentBudgetMetrics.Shared;
    }

    /// <summary>The exact cost of one call.</summary>
    public Money CostPerCall { get; }

    /// <summary>Whether a call that throws is still charged.</summary>
    public ToolFailureCharge OnFailure { get; }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
        => serviceKey is null && serviceType == typeof(BudgetedAIFunction) ? this : base.GetService(serviceType, serviceKey);

    /// <inheritdoc />
    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var session = _session ?? SessionResolvers.ForTool(Name);
        var fingerprint = RequestShape.FingerprintTool(Name, arguments);
        // Awaited: with a shared budget the cost is also held in the shared scopes (synchronous without one).
        var reservation = await session.ReserveAsync(CostPerCall, Name, CallKind.Tool, fingerprint, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        object? result;
        try
        {
            result = await base.InvokeCoreAsync(arguments, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (OnFailure == ToolFailureCharge.Charge)
            {
                await ChargeAsync(session, reservation).ConfigureAwait(false);
            }
            else
            {
                await reservation.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }

        await ChargeAsync(session, reservation).ConfigureAwait(false);
        return result;
    }

    private async ValueTask ChargeAsync(BudgetSession session, BudgetReservation reservation)
    {
        if (await reservation.SettleAsync(CostPerCall).ConfigureAwait(false))
        {
            BudgetRuntime.RecordToolCharge(_metrics, session, Name, CostPerCall);
        }
    }
}
