namespace AgentBudget;

/// <summary>What a <see cref="BudgetEvent"/> records.</summary>
public enum BudgetEventKind
{
    /// <summary>A tool or API call was charged.</summary>
    ToolCharged = 1,

    /// <summary>An LLM call was charged (its usage or reported cost was recorded).</summary>
    LlmCharged = 2,

    /// <summary>A reservation (worst-case estimate) was admitted.</summary>
    ReservationAdmitted = 3,

    /// <summary>A reservation or charge was refused because it did not fit.</summary>
    ReservationRefused = 4,

    /// <summary>A reservation was released without a charge.</summary>
    ReservationReleased = 5,

    /// <summary>Spend reached the soft limit (once per session).</summary>
    SoftLimit = 6,

    /// <summary>The dollar limit refused a call or recorded spend crossed it (once per session).</summary>
    HardLimit = 7,

    /// <summary>The loop detector tripped.</summary>
    LoopDetected = 8,

    /// <summary>A call, token or duration breaker tripped.</summary>
    LimitExceeded = 9,

    /// <summary>A call named a model with no known price.</summary>
    UnknownModel = 10,

    /// <summary>The session stopped admitting calls (see <see cref="BudgetEvent.Reason"/>).</summary>
    Terminated = 11,

    /// <summary>A child session was created; <see cref="BudgetEvent.Amount"/> is its escrowed cap.</summary>
    ChildStarted = 12,

    /// <summary>A child session ended; <see cref="BudgetEvent.Amount"/> is what it spent (rolled up into this session).</summary>
    ChildEnded = 13,

    /// <summary>The session was disposed.</summary>
    SessionEnded = 14,

    /// <summary>
    /// Notice: a call was routed to a cheaper model because the soft limit had been crossed. <see cref="BudgetEvent.Name"/>
    /// is the requested model, <see cref="BudgetEvent.Detail"/> names the model used instead. Informational: it reaches
    /// <see cref="BudgetOptions.OnNotice"/>, not the alert sinks.
    /// </summary>
    ModelDegraded = 15,

    /// <summary>
    /// Notice: a shared budget (user, tenant, team scope in an <c>IBudgetStore</c>) refused a call that fitted the session.
    /// <see cref="BudgetEvent.Name"/> is the refusing scope, <see cref="BudgetEvent.Amount"/> the refused estimate.
    /// Reaches <see cref="BudgetOptions.OnNotice"/> and the alert sinks.
    /// </summary>
    SharedBudgetRefused = 16,

    /// <summary>
    /// Notice: the shared budget store could not be reached. Either a call was refused (fail closed; nothing charged) or a
    /// shared settle failed after its retries (the cost stays recorded in the session but is missing from the shared
    /// counters). Reaches <see cref="BudgetOptions.OnNotice"/> and the alert sinks.
    /// </summary>
    SharedStoreUnavailable = 17,

    /// <summary>
    /// Notice: the shared store was unreachable and, under its fail-open policy, admitted a call against its local
    /// emergency cap; the spend is not in the shared counters (reconcile it). Reaches <see cref="BudgetOptions.OnNotice"/>
    /// and the alert sinks.
    /// </summary>
    EmergencyAdmission = 18,

    /// <summary>
    /// Notice: anything else an integration wants in the session's record (see <see cref="BudgetSession.RecordNotice"/>).
    /// Informational: it reaches <see cref="BudgetOptions.OnNotice"/>, not the alert sinks.
    /// </summary>
    Notice = 19,
}

/// <summary>Stable snake_case names used in reports and webhook payloads.</summary>
public static class BudgetEventKindNames
{
    /// <summary>The snake_case name of an event kind, for example <c>soft_limit</c>.</summary>
    public static string ToSnakeCase(this BudgetEventKind kind) => kind switch
    {
        BudgetEventKind.ToolCharged => "tool_charged",
        BudgetEventKind.LlmCharged => "llm_charged",
        BudgetEventKind.ReservationAdmitted => "reservation_admitted",
        BudgetEventKind.ReservationRefused => "reservation_refused",
        BudgetEventKind.ReservationReleased => "reservation_released",
        BudgetEventKind.SoftLimit => "soft_limit",
        BudgetEventKind.HardLimit => "hard_limit",
        BudgetEventKind.LoopDetected => "loop_detected",
        BudgetEventKind.LimitExceeded => "limit_exceeded",
        BudgetEventKind.UnknownModel => "unknown_model",
        BudgetEventKind.Terminated => "terminated",
        BudgetEventKind.ChildStarted => "child_started",
        BudgetEventKind.ChildEnded => "child_ended",
        BudgetEventKind.SessionEnded => "session_ended",
        BudgetEventKind.ModelDegraded => "model_degraded",
        BudgetEventKind.SharedBudgetRefused => "shared_budget_refused",
        BudgetEventKind.SharedStoreUnavailable => "shared_store_unavailable",
        BudgetEventKind.EmergencyAdmission => "emergency_admission",
        BudgetEventKind.Notice => "notice",
        _ => "unknown",
    };

    /// <summary>
    /// True for the kinds integrations may record with <see cref="BudgetSession.RecordNotice"/>: they describe what
    /// happened around the money (routing, the shared store) and never move money themselves.
    /// </summary>
    public static bool IsNotice(this BudgetEventKind kind) => kind is >= BudgetEventKind.ModelDegraded and <= BudgetEventKind.Notice;

    /// <summary>True for the notices that also reach the alert sinks (operational problems rather than information).</summary>
    internal static bool IsAlertingNotice(this BudgetEventKind kind)
        => kind is BudgetEventKind.SharedBudgetRefused or BudgetEventKind.SharedStoreUnavailable or BudgetEventKind.EmergencyAdmission;
}
