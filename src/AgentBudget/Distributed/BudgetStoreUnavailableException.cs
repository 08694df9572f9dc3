using System;

namespace AgentBudget.Distributed;

/// <summary>
/// The shared budget store could not be reached (or did not answer in time), so the operation's outcome is unknown or
/// it was not attempted. Under the fail-closed policy a reservation is refused with this exception; a settle that threw it
/// should be retried with the same idempotency key, which is safe whether or not the first attempt was applied.
/// </summary>
public class BudgetStoreUnavailableException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public BudgetStoreUnavailableException()
        : base("The budget store is unavailable.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BudgetStoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the transport error that caused it.</summary>
    public BudgetStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
