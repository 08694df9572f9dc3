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
        _ => "unknown",
    };
}
