using AgentBudget.Samples.ScriptedModel;

namespace ChatPipeline;

/// <summary>What the embedded model answers in the chat pipeline sample: weather questions go through the tool.</summary>
internal static class PipelineScript
{
    /// <summary>The answer to one request.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The scripted answer.</returns>
    public static ScriptedAnswer Answer(ScriptedRequest request)
    {
        var question = request.LastUserMessage;
        if (question.Contains("weather", StringComparison.OrdinalIgnoreCase))
        {
            var city = question.Contains("Lisbon", StringComparison.Ordinal) ? "Lisbon" : "Paris";
            return request.ToolResult is null
                ? new ScriptedAnswer(string.Empty) { ToolCall = new ScriptedToolCall("get_weather", "{\"city\":\"" + city + "\"}") }
                : new ScriptedAnswer("It is " + request.ToolResult.Trim('"') + " in " + city + ".");
        }

        if (question.Contains("packing", StringComparison.OrdinalIgnoreCase))
        {
            return new ScriptedAnswer("Pick one colour palette so everything matches; wear your bulkiest shoes; pack travel sizes only.",
                ExtraOutputTokens: 60);
        }

        return new ScriptedAnswer("We checked the weather in Paris and Lisbon and listed three packing tips.");
    }
}
