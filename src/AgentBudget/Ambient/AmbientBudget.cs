using System;
using System.Threading;
using AgentBudget.Reporting;

namespace AgentBudget;

/// <summary>
/// The drop-in API (<c>Init</c>, <c>Spent</c>, <c>Remaining</c>, <c>Report</c>, <c>Track</c>, <c>Teardown</c>): one
/// current session per asynchronous flow. The current session is held in an <see cref="AsyncLocal{T}"/>, so two agent
/// runs started concurrently in one process (each calling <see cref="Init(string)"/> in its own task) never share a
/// session by accident. Generated interceptors charge <see cref="Current"/> when a call is not inside a budgeted class.
/// </summary>
/// <remarks>
/// As with any <see cref="AsyncLocal{T}"/>, a session set inside an <c>async</c> method is visible to that method and
/// everything it calls or starts afterwards, but not to its caller after it returns: call <c>Init</c> at the top of the
/// run, or use <see cref="BeginScope"/> around it.
/// </remarks>
public static class AmbientBudget
{
    private static readonly AsyncLocal<BudgetSession?> CurrentSession = new();

    /// <summary>The current session of this asynchronous flow, or null.</summary>
    public static BudgetSession? Current => CurrentSession.Value;

    /// <summary>Starts a session with the given limit (for example <c>"$5.00"</c>) and makes it current.</summary>
    public static BudgetSession Init(string maxSpend) => Init(new Budget(maxSpend));

    /// <summary>Starts a session with the given limit and makes it current.</summary>
    public static BudgetSession Init(Money maxSpend) => Init(new Budget(maxSpend));

    /// <summary>Starts a session with the given options and makes it current.</summary>
    public static BudgetSession Init(BudgetOptions options) => Init(new Budget(options));

    /// <summary>Starts a session of <paramref name="budget"/> and makes it current. Throws when this flow already has a
    /// current session (call <see cref="Teardown"/> first, or use <see cref="BeginScope"/> to nest).</summary>
    public static BudgetSession Init(Budget budget, string? sessionId = null)
    {
        if (budget is null)
        {
            throw new ArgumentNullException(nameof(budget));
        }

        if (CurrentSession.Value is { IsDisposed: false } existing)
        {
            throw new InvalidOperationException("AgentBudget is already initialized in this flow (session " + existing.Id
                + "). Call AmbientBudget.Teardown() first, or use AmbientBudget.BeginScope for a nested session.");
        }

        var session = budget.StartSession(sessionId);
        CurrentSession.Value = session;
        return session;
    }

    /// <summary>Makes <paramref name="session"/> current until the returned scope is disposed, then restores the previous one.</summary>
    public static AgentBudgetScope BeginScope(BudgetSession session)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        var previous = CurrentSession.Value;
        CurrentSession.Value = session;
        return new AgentBudgetScope(session, previous);
    }

    /// <summary>Settled spend of the current session.</summary>
    public static Money Spent => Required.Spent;

    /// <summary>What the current session can still spend.</summary>
    public static Money Remaining => Required.Remaining;

    /// <summary>A report of the current session.</summary>
    public static BudgetReport Report() => Required.Report();

    /// <summary>Admits and charges a tool or API call in the current session (see <see cref="BudgetSession.Track"/>).</summary>
    public static void Track(Money cost, string toolName, ulong argumentsFingerprint = 0) => Required.Track(cost, toolName, argumentsFingerprint);

    /// <summary>Ends the current session, clears it from this flow and returns its final report (null when there was none).</summary>
    public static BudgetReport? Teardown()
    {
        var session = CurrentSession.Value;
        if (session is null)
        {
            return null;
        }

        session.Dispose();
        CurrentSession.Value = null;
        return session.Report();
    }

    internal static void Restore(BudgetSession? previous) => CurrentSession.Value = previous;

    private static BudgetSession Required => CurrentSession.Value
        ?? throw new InvalidOperationException("No AgentBudget session in this flow: call AmbientBudget.Init(\"$5.00\") first.");
}

/// <summary>Makes a session current for a block of code; disposing restores the previous current session.</summary>
public sealed class AgentBudgetScope : IDisposable
{
    private readonly BudgetSession? _previous;
    private int _disposed;

    internal AgentBudgetScope(BudgetSession session, BudgetSession? previous)
    {
        Session = session;
        _previous = previous;
    }

    /// <summary>The session made current.</summary>
    public BudgetSession Session { get; }

    /// <summary>Restores the previous current session (the session itself is not disposed).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            AmbientBudget.Restore(_previous);
        }
    }
}
