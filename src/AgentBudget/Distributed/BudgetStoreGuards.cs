using System;
using System.Collections.Generic;

namespace AgentBudget.Distributed;

/// <summary>
/// Argument checks shared by every <see cref="IBudgetStore"/> implementation, so that the embedded and the distributed
/// stores reject exactly the same calls.
/// </summary>
public static class BudgetStoreGuards
{
    /// <summary>The longest reservation id or idempotency key accepted.</summary>
    public const int MaxIdLength = 200;

    /// <summary>Checks the arguments of <see cref="IBudgetStore.ReserveAsync"/>.</summary>
    /// <exception cref="ArgumentException">An argument is invalid.</exception>
    public static void CheckReserve(IReadOnlyList<BudgetScope> scopes, Money amount, string reservationId, TimeSpan ttl)
    {
        if (scopes is null)
        {
            throw new ArgumentNullException(nameof(scopes));
        }

        if (scopes.Count == 0)
        {
            throw new ArgumentException("A reservation needs at least one budget scope.", nameof(scopes));
        }

        for (var i = 0; i < scopes.Count; i++)
        {
            if (scopes[i] is null)
            {
                throw new ArgumentException("A budget scope in the list is null.", nameof(scopes));
            }

            for (var j = 0; j < i; j++)
            {
                if (scopes[j].Key == scopes[i].Key && scopes[j].Period.Equals(scopes[i].Period))
                {
                    throw new ArgumentException(
                        $"The scope {scopes[i].Key} ({scopes[i].Period}) appears twice; it would be charged twice.", nameof(scopes));
                }
            }
        }

        if (amount.IsNegative)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A reservation amount cannot be negative.");
        }

        CheckId(reservationId, nameof(reservationId));
        if (ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "A reservation time-to-live must be positive.");
        }
    }

    /// <summary>Checks the arguments of <see cref="IBudgetStore.SettleAsync"/>.</summary>
    /// <exception cref="ArgumentException">An argument is invalid.</exception>
    public static void CheckSettle(string reservationId, Money actual, string idempotencyKey)
    {
        CheckId(reservationId, nameof(reservationId));
        if (actual.IsNegative)
        {
            throw new ArgumentOutOfRangeException(nameof(actual), actual, "An actual cost cannot be negative.");
        }

        CheckId(idempotencyKey, nameof(idempotencyKey));
    }

    /// <summary>Checks a reservation id or idempotency key: non-empty and at most <see cref="MaxIdLength"/> characters.</summary>
    /// <exception cref="ArgumentException">The id is empty or too long.</exception>
    public static void CheckId(string id, string parameterName)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new ArgumentException("The id cannot be empty.", parameterName);
        }

        if (id.Length > MaxIdLength)
        {
            throw new ArgumentException($"The id is at most {MaxIdLength} characters long.", parameterName);
        }
    }
}
