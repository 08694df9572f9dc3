using System;
using AgentBudget.Distributed;

namespace AgentBudget;

/// <summary>
/// A budget policy: the limit and options every session created from it gets. Create one per kind of agent run
/// and start one <see cref="BudgetSession"/> per run.
/// </summary>
public sealed class Budget
{
    /// <summary>Creates a budget from options (copied; later changes to <paramref name="options"/> do not apply).</summary>
    public Budget(BudgetOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var copy = options.Clone();
        copy.Validate();
        Options = copy;
        Settings = SessionSettings.From(copy, copy.MaxSpend);
    }

    /// <summary>Creates a budget with default options and the limit given as a string such as <c>"$5.00"</c>.</summary>
    public Budget(string maxSpend)
        : this(new BudgetOptions { MaxSpend = BudgetAmount.Parse(maxSpend) })
    {
    }

    /// <summary>Creates a budget with default options and the given limit.</summary>
    public Budget(Money maxSpend)
        : this(new BudgetOptions { MaxSpend = maxSpend })
    {
    }

    /// <summary>The options this budget applies (a private copy; do not change it).</summary>
    public BudgetOptions Options { get; }

    /// <summary>The hard limit of each session.</summary>
    public Money MaxSpend => Options.MaxSpend;

    internal SessionSettings Settings { get; }

    /// <summary>
    /// Starts a session (one agent run). <paramref name="id"/> defaults to a new unique <c>sess_…</c> id. When
    /// <see cref="BudgetOptions.SharedBudget"/> is set, it is asked for the session's shared budgets.
    /// </summary>
    public BudgetSession StartSession(string? id = null)
    {
        var session = new BudgetSession(this, Settings, id ?? SessionIds.Next(), parent: null, name: null);
        if (Options.SharedBudget is { } sharedBudget && sharedBudget(session) is { } gate)
        {
            session.AttachSharedBudget(gate);
        }

        return session;
    }

    /// <summary>
    /// Starts a session layered inside the shared budgets of <paramref name="sharedBudget"/> (instead of those
    /// <see cref="BudgetOptions.SharedBudget"/> would give): every paid call must fit the session's limit and every
    /// shared scope of the gate.
    /// </summary>
    public BudgetSession StartSession(SharedBudgetGate sharedBudget, string? id = null)
    {
        if (sharedBudget is null)
        {
            throw new ArgumentNullException(nameof(sharedBudget));
        }

        var session = new BudgetSession(this, Settings, id ?? SessionIds.Next(), parent: null, name: null);
        session.AttachSharedBudget(sharedBudget);
        return session;
    }
}
