using System;

namespace AgentBudget.Distributed;

/// <summary>
/// Identifies who or what a budget belongs to: a kind (<c>user</c>, <c>tenant</c>, <c>team</c>, <c>session</c> or any
/// lower-case word the application chooses) and an id inside that kind, e.g. <c>user:alice</c>.
/// </summary>
/// <remarks>
/// The kind is restricted to lower-case ASCII letters, digits, <c>-</c> and <c>_</c> so that it can appear verbatim in
/// storage keys and in reports; the id is free text (stores escape it), because ids come from the application's users.
/// </remarks>
public sealed record BudgetScopeKey
{
    /// <summary>The longest id accepted; longer ids are almost certainly a bug (e.g. a whole prompt passed as an id).</summary>
    public const int MaxIdLength = 256;

    /// <summary>Creates a key from a kind and an id.</summary>
    /// <exception cref="ArgumentException">The kind is not a lower-case word or the id is empty or too long.</exception>
    public BudgetScopeKey(string kind, string id)
    {
        ValidateKind(kind);
        if (string.IsNullOrEmpty(id))
        {
            throw new ArgumentException("A budget scope id cannot be empty.", nameof(id));
        }

        if (id.Length > MaxIdLength)
        {
            throw new ArgumentException($"A budget scope id is at most {MaxIdLength} characters long.", nameof(id));
        }

        Kind = kind;
        Id = id;
    }

    /// <summary>The kind of scope, e.g. <c>user</c> or <c>tenant</c>.</summary>
    public string Kind { get; }

    /// <summary>The id inside the kind, e.g. a user id.</summary>
    public string Id { get; }

    /// <summary>A per-user scope.</summary>
    public static BudgetScopeKey User(string id) => new("user", id);

    /// <summary>A per-tenant (customer organisation) scope.</summary>
    public static BudgetScopeKey Tenant(string id) => new("tenant", id);

    /// <summary>A per-team scope, e.g. one budget shared by many agents.</summary>
    public static BudgetScopeKey Team(string id) => new("team", id);

    /// <summary>A per-session scope (one agent run).</summary>
    public static BudgetScopeKey Session(string id) => new("session", id);

    /// <summary>A scope of an application-defined kind.</summary>
    public static BudgetScopeKey Custom(string kind, string id) => new(kind, id);

    /// <summary>Formats as <c>kind:id</c>.</summary>
    public override string ToString() => Kind + ":" + Id;

    private static void ValidateKind(string kind)
    {
        if (string.IsNullOrEmpty(kind) || kind.Length > 32)
        {
            throw new ArgumentException("A budget scope kind is a word of 1 to 32 characters.", nameof(kind));
        }

        foreach (var character in kind)
        {
            var allowed = character is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_';
            if (!allowed)
            {
                throw new ArgumentException(
                    $"The budget scope kind '{kind}' may contain only lower-case ASCII letters, digits, '-' and '_'.", nameof(kind));
            }
        }
    }
}
