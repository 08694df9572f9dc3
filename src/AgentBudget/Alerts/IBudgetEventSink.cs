namespace AgentBudget;

/// <summary>
/// Receives a session's alerts (soft limit, hard limit, loop, breakers, unknown models). Called synchronously on the
/// thread that raised the alert, so an implementation must return quickly and must not throw (exceptions are caught
/// and counted in the report's <c>callback_errors</c>, never passed to the agent). Queue slow work, as
/// <c>WebhookAlertSink</c> does.
/// </summary>
public interface IBudgetEventSink
{
    /// <summary>Accepts one alert.</summary>
    void Publish(BudgetAlert alert);
}
