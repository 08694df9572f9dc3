namespace AgentBudget;

/// <summary>Why a session stopped admitting calls (or why a call was refused).</summary>
public enum TerminationReason
{
    /// <summary>The dollar limit: a call did not fit, or recorded spend crossed the limit.</summary>
    BudgetExhausted = 1,

    /// <summary>The same call (name and argument fingerprint) repeated too often inside the loop window.</summary>
    LoopDetected = 2,

    /// <summary>The maximum number of LLM calls was reached.</summary>
    LlmCallLimit = 3,

    /// <summary>The maximum number of tool calls was reached.</summary>
    ToolCallLimit = 4,

    /// <summary>The maximum number of tokens was reached.</summary>
    TokenLimit = 5,

    /// <summary>The maximum wall-clock duration of the session passed.</summary>
    DurationLimit = 6,

    /// <summary>A call named a model with no known price and the policy is <see cref="UnknownModelPolicy.Throw"/>. Refuses the call; does not end the session.</summary>
    UnknownModel = 7,
}

/// <summary>Stable snake_case names used in reports, events and webhook payloads.</summary>
public static class TerminationReasonNames
{
    /// <summary>The snake_case name of a reason, for example <c>budget_exhausted</c>.</summary>
    public static string ToSnakeCase(this TerminationReason reason) => reason switch
    {
        TerminationReason.BudgetExhausted => "budget_exhausted",
        TerminationReason.LoopDetected => "loop_detected",
        TerminationReason.LlmCallLimit => "llm_call_limit",
        TerminationReason.ToolCallLimit => "tool_call_limit",
        TerminationReason.TokenLimit => "token_limit",
        TerminationReason.DurationLimit => "duration_limit",
        TerminationReason.UnknownModel => "unknown_model",
        _ => "unknown",
    };
}
