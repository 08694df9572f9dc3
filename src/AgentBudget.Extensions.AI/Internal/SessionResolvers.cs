using System;
using System.Threading;

namespace AgentBudget.Extensions.AI.Internal;

/// <summary>How the middleware finds the budget session to charge.</summary>
internal static class SessionResolvers
{
    // Set by the budgeted function invoker around each tool call, so a tool wrapped with WithCost() and no session of
    // its own charges the session of the pipeline that invoked it.
    private static readonly AsyncLocal<BudgetSession?> PipelineSession = new();

    public static Func<BudgetSession> Fixed(BudgetSession session)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        return () => session;
    }

    public static Func<BudgetSession> Ambient { get; } = static () => AmbientBudget.Current
        ?? throw new InvalidOperationException(
            "No AgentBudget session is active: pass a BudgetSession to UseBudget(...), or start a session so that AmbientBudget.Current is set. " +
            "AgentBudget never lets a call through untracked.");

    public static BudgetSession ForTool(string toolName) => PipelineSession.Value ?? AmbientBudget.Current
        ?? throw new InvalidOperationException(
            $"No AgentBudget session for tool '{toolName}': bind one with WithCost(cost, session), invoke it through UseBudgetedFunctionInvocation(...), or start a session so that AmbientBudget.Current is set.");

    public static BudgetSession? CurrentPipelineSession
    {
        get => PipelineSession.Value;
        set => PipelineSession.Value = value;
    }
}
