namespace AgentBudget;

/// <summary>What kind of spend a call is; decides which breakdown, counters and breakers it belongs to.</summary>
public enum CallKind
{
    /// <summary>A tool or external API call with a known cost.</summary>
    Tool = 0,

    /// <summary>A model call priced by its token usage.</summary>
    Llm = 1,
}
