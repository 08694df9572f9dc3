using System.Globalization;
using System.Text.Json;

namespace AgentBudget.Integrations.Tests.Support;

/// <summary>Canned provider responses following the public REST shapes (see the shared SDK recipes, R.2).</summary>
public static class Canned
{
    public const string OpenAIChatCompletion = """
    {
      "id": "chatcmpl-test-001",
      "object": "chat.completion",
      "created": 1735689600,
      "model": "gpt-4o-mini-2024-07-18",
      "choices": [
        { "index": 0,
          "message": { "role": "assistant", "content": "Hello from the fake server.", "refusal": null },
          "logprobs": null,
          "finish_reason": "stop" }
      ],
      "usage": {
        "prompt_tokens": 1200,
        "completion_tokens": 300,
        "total_tokens": 1500,
        "prompt_tokens_details": { "cached_tokens": 1000, "audio_tokens": 0 },
        "completion_tokens_details": { "reasoning_tokens": 120, "audio_tokens": 0,
                                       "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0 }
      },
      "service_tier": "default",
      "system_fingerprint": "fp_test"
    }
    """;

    // Usage arrives only on the last chunk ("choices": []), every other chunk has "usage": null.
    public const string OpenAIChatStream = """
    data: {"id":"chatcmpl-test-002","object":"chat.completion.chunk","created":1735689600,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_test","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}

    data: {"id":"chatcmpl-test-002","object":"chat.completion.chunk","created":1735689600,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_test","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null}

    data: {"id":"chatcmpl-test-002","object":"chat.completion.chunk","created":1735689600,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_test","choices":[{"index":0,"delta":{"content":" world"},"logprobs":null,"finish_reason":null}],"usage":null}

    data: {"id":"chatcmpl-test-002","object":"chat.completion.chunk","created":1735689600,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_test","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}

    data: {"id":"chatcmpl-test-002","object":"chat.completion.chunk","created":1735689600,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_test","choices":[],"usage":{"prompt_tokens":42,"completion_tokens":7,"total_tokens":49,"prompt_tokens_details":{"cached_tokens":32,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":3,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}

    data: [DONE]


    """;

    public const string OpenAIResponse = """
    {
      "id": "resp_test_001",
      "object": "response",
      "created_at": 1735689600,
      "status": "completed",
      "model": "gpt-4.1-mini-2025-04-14",
      "output": [
        { "type": "message", "id": "msg_test_001", "status": "completed", "role": "assistant",
          "content": [ { "type": "output_text", "text": "Hi from responses.", "annotations": [] } ] }
      ],
      "parallel_tool_calls": true,
      "tool_choice": "auto",
      "tools": [],
      "usage": {
        "input_tokens": 500,
        "input_tokens_details": { "cached_tokens": 200 },
        "output_tokens": 80,
        "output_tokens_details": { "reasoning_tokens": 30 },
        "total_tokens": 580
      }
    }
    """;

    public const string OpenAIResponseStream = """
    event: response.created
    data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_test_002","object":"response","created_at":1735689600,"status":"in_progress","model":"gpt-4.1-mini-2025-04-14","output":[],"parallel_tool_calls":true,"tool_choice":"auto","tools":[],"usage":null}}

    event: response.output_text.delta
    data: {"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_test_002","output_index":0,"content_index":0,"delta":"Hi"}

    event: response.completed
    data: {"type":"response.completed","sequence_number":2,"response":{"id":"resp_test_002","object":"response","created_at":1735689600,"status":"completed","model":"gpt-4.1-mini-2025-04-14","output":[{"type":"message","id":"msg_test_002","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi","annotations":[]}]}],"parallel_tool_calls":true,"tool_choice":"auto","tools":[],"usage":{"input_tokens":61,"input_tokens_details":{"cached_tokens":0},"output_tokens":9,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":70}}}


    """;

    public const string OpenAIEmbeddings = """
    {
      "object": "list",
      "data": [ { "object": "embedding", "index": 0, "embedding": [0.1, 0.2, 0.3] },
                { "object": "embedding", "index": 1, "embedding": [0.4, 0.5, 0.6] } ],
      "model": "text-embedding-3-small",
      "usage": { "prompt_tokens": 8, "total_tokens": 8 }
    }
    """;

    public const string AnthropicMessage = """
    {
      "id": "msg_test_001",
      "type": "message",
      "role": "assistant",
      "model": "claude-sonnet-4-5-20250929",
      "content": [ { "type": "text", "text": "Hello from fake Claude." } ],
      "stop_reason": "end_turn",
      "stop_sequence": null,
      "usage": {
        "input_tokens": 2095,
        "output_tokens": 503,
        "cache_creation_input_tokens": 2051,
        "cache_read_input_tokens": 1800,
        "cache_creation": { "ephemeral_5m_input_tokens": 2051, "ephemeral_1h_input_tokens": 0 },
        "service_tier": "standard"
      }
    }
    """;

    // message_start carries the input side; message_delta the CUMULATIVE output count.
    public const string AnthropicStream = """
    event: message_start
    data: {"type":"message_start","message":{"id":"msg_test_002","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":100,"cache_read_input_tokens":400,"output_tokens":1,"service_tier":"standard"}}}

    event: content_block_start
    data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

    event: ping
    data: {"type":"ping"}

    event: content_block_delta
    data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

    event: content_block_delta
    data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" world"}}

    event: content_block_stop
    data: {"type":"content_block_stop","index":0}

    event: message_delta
    data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}

    event: message_stop
    data: {"type":"message_stop"}


    """;

    public const string OpenAIRateLimited = """
    { "error": { "message": "Rate limit reached for requests", "type": "requests", "param": null, "code": "rate_limit_exceeded" } }
    """;

    public const string OpenAIServerError = """
    { "error": { "message": "The server had an error while processing your request.", "type": "server_error", "param": null, "code": null } }
    """;

    public const string AnthropicOverloaded = """
    { "type": "error", "error": { "type": "rate_limit_error", "message": "Number of request tokens has exceeded your per-minute rate limit" } }
    """;

    /// <summary>An OpenAI chat completion that asks for one tool call.</summary>
    public static string OpenAIToolCall(string callId, string toolName, string argumentsJson, int promptTokens, int completionTokens,
        string model = "gpt-4o-mini-2024-07-18")
    {
        var arguments = JsonSerializer.Serialize(argumentsJson);
        return $$"""
        {
          "id": "chatcmpl-{{callId}}",
          "object": "chat.completion",
          "created": 1735689600,
          "model": "{{model}}",
          "choices": [
            { "index": 0,
              "message": { "role": "assistant", "content": null,
                "tool_calls": [ { "id": "{{callId}}", "type": "function",
                                  "function": { "name": "{{toolName}}", "arguments": {{arguments}} } } ] },
              "finish_reason": "tool_calls" }
          ],
          "usage": { "prompt_tokens": {{Invariant(promptTokens)}}, "completion_tokens": {{Invariant(completionTokens)}}, "total_tokens": {{Invariant(promptTokens + completionTokens)}} }
        }
        """;
    }

    /// <summary>An OpenAI chat completion with a text answer.</summary>
    public static string OpenAIText(string text, int promptTokens, int completionTokens, string model = "gpt-4o-mini-2024-07-18")
        => $$"""
        {
          "id": "chatcmpl-text",
          "object": "chat.completion",
          "created": 1735689600,
          "model": "{{model}}",
          "choices": [
            { "index": 0, "message": { "role": "assistant", "content": {{JsonSerializer.Serialize(text)}} }, "finish_reason": "stop" }
          ],
          "usage": { "prompt_tokens": {{Invariant(promptTokens)}}, "completion_tokens": {{Invariant(completionTokens)}}, "total_tokens": {{Invariant(promptTokens + completionTokens)}} }
        }
        """;

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
