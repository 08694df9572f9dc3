namespace AgentBudget;

/// <summary>What happens when a call names a model that no price table knows. No policy lets it pass as $0 unnoticed.</summary>
public enum UnknownModelPolicy
{
    /// <summary>Throw <c>UnknownModelException</c> before the call is made (or when its usage is recorded).</summary>
    Throw = 0,

    /// <summary>Record the call as unpriced: an event, the unknown-model callback, and a line in the report's unpriced calls.</summary>
    RecordUnpriced = 1,

    /// <summary>Charge the declared fallback price, and still raise the event.</summary>
    UseFallbackPrice = 2,
}
