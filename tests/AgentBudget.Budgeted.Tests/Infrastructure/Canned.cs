namespace AgentBudget.Budgeted.Tests.Infrastructure;

/// <summary>Canned provider responses in the public REST shapes (usage figures chosen so each bucket is exercised).</summary>
public static class Canned
{
    public const string OpenAIChat = """
    {"id":"chatcmpl-1","object":"chat.completion","created":1735689600,"model":"gpt-4o-mini-2024-07-18",
     "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the fake server."},"logprobs":null,"finish_reason":"stop"}],
     "usage":{"prompt_tokens":1200,"completion_tokens":300,"total_tokens":1500,
              "prompt_tokens_details":{"cached_tokens":1000,"audio_tokens":0},
              "completion_tokens_details":{"reasoning_tokens":120,"audio_tokens":0}}}
    """;

    public const string OpenAIChatStream =
        "data: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}],\"usage\":null}\n\n"
        + "data: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello world, this is long\"},\"finish_reason\":null}],\"usage\":null}\n\n"
        + "data: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
        + "data: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":42,\"completion_tokens\":7,\"total_tokens\":49,\"prompt_tokens_details\":{\"cached_tokens\":32},\"completion_tokens_details\":{\"reasoning_tokens\":3}}}\n\n"
        + "data: [DONE]\n\n";

    /// <summary>A stream cut off by the server after the text (no usage chunk, no [DONE]).</summary>
    public const string OpenAIChatStreamTruncated =
        "data: {\"id\":\"c3\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hello world, this is long\"},\"finish_reason\":null}],\"usage\":null}\n\n"
        + "data: {not json\n\n";

    public const string OpenAIResponse = """
    {"id":"resp_1","object":"response","created_at":1735689600,"status":"completed","model":"gpt-4.1-mini-2025-04-14",
     "output":[{"type":"message","id":"msg_1","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi from responses.","annotations":[]}]}],
     "parallel_tool_calls":true,"tool_choice":"auto","tools":[],
     "usage":{"input_tokens":500,"input_tokens_details":{"cached_tokens":200},"output_tokens":80,"output_tokens_details":{"reasoning_tokens":30},"total_tokens":580}}
    """;

    public const string OpenAIResponseStream =
        "event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_2\",\"object\":\"response\",\"created_at\":1735689600,\"status\":\"in_progress\",\"model\":\"gpt-4.1-mini-2025-04-14\",\"output\":[],\"parallel_tool_calls\":true,\"tool_choice\":\"auto\",\"tools\":[],\"usage\":null}}\n\n"
        + "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":1,\"item_id\":\"msg_2\",\"output_index\":0,\"content_index\":0,\"delta\":\"Hi\"}\n\n"
        + "event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":2,\"response\":{\"id\":\"resp_2\",\"object\":\"response\",\"created_at\":1735689600,\"status\":\"completed\",\"model\":\"gpt-4.1-mini-2025-04-14\",\"output\":[],\"parallel_tool_calls\":true,\"tool_choice\":\"auto\",\"tools\":[],\"usage\":{\"input_tokens\":61,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":9,\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":70}}}\n\n";

    public const string OpenAIEmbeddings = """
    {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1,0.2]},{"object":"embedding","index":1,"embedding":[0.3,0.4]}],
     "model":"text-embedding-3-small","usage":{"prompt_tokens":8,"total_tokens":8}}
    """;

    public const string AnthropicMessage = """
    {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
     "content":[{"type":"text","text":"Hello from fake Claude."}],"stop_reason":"end_turn","stop_sequence":null,
     "usage":{"input_tokens":2095,"output_tokens":503,"cache_creation_input_tokens":2051,"cache_read_input_tokens":1800,
              "cache_creation":{"ephemeral_5m_input_tokens":2051,"ephemeral_1h_input_tokens":0},"service_tier":"standard"}}
    """;

    public const string AnthropicStream =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5-20250929\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"cache_creation_input_tokens\":100,\"cache_read_input_tokens\":400,\"output_tokens\":1,\"service_tier\":\"standard\"}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" world\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    /// <summary>An Anthropic stream whose two message_delta events report running output totals of 10, then 15.</summary>
    public const string AnthropicStreamTwoDeltas =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_3\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5-20250929\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"cache_creation_input_tokens\":100,\"cache_read_input_tokens\":400,\"output_tokens\":1,\"service_tier\":\"standard\"}}}\n\n"
        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":null,\"stop_sequence\":null},\"usage\":{\"output_tokens\":10}}\n\n"
        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" world\"}}\n\n"
        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}\n\n"
        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    public const string RateLimited = """{"error":{"message":"Rate limit reached","type":"rate_limit_error","code":"rate_limit_exceeded"}}""";
}
