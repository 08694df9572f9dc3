using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentBudget.Samples.ScriptedModel;

/// <summary>
/// An embedded, deterministic stand-in for the OpenAI Chat Completions endpoint, so the sample runs with no API key
/// and no network. It answers the real OpenAI SDK's requests with the same JSON (or server-sent events, when the
/// request streams) that the service sends, including a realistic <c>usage</c> block: prompt tokens estimated from
/// the request size, a cached share once a prompt prefix repeats, and a scripted answer length per request.
/// A scripted answer can also be a tool call, for clients that run a function-calling loop.
/// </summary>
public sealed class ScriptedOpenAIHandler : HttpMessageHandler
{
    private readonly Func<ScriptedRequest, ScriptedAnswer> _script;
    private readonly HashSet<string> _seenPrefixes = new(StringComparer.Ordinal);
    private int _requestNumber;

    /// <summary>Creates the handler with a script that picks an answer from the request.</summary>
    public ScriptedOpenAIHandler(Func<ScriptedRequest, ScriptedAnswer> script) => _script = script;

    /// <summary>Requests served so far.</summary>
    public int RequestCount => Volatile.Read(ref _requestNumber);

    /// <inheritdoc />
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        => SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "{}" : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var json = JsonNode.Parse(body)!.AsObject();
        var model = json["model"]?.GetValue<string>() ?? "gpt-4o-mini";
        var messages = json["messages"]?.AsArray() ?? [];
        var lastUser = messages.LastOrDefault(m => Role(m) == "user")?["content"]?.ToString() ?? string.Empty;
        var last = messages.Count > 0 ? messages[messages.Count - 1] : null;
        var toolResult = Role(last) == "tool" ? last!["content"]?.ToString() : null;
        var stream = json["stream"]?.GetValue<bool>() == true;
        var number = Interlocked.Increment(ref _requestNumber);

        var answer = _script(new ScriptedRequest(model, lastUser, toolResult, messages.Count));
        // About four characters per token, as tokenizers average on English prose.
        var promptTokens = Math.Max(1, body.Length / 4);
        // The system prompt and earlier turns repeat between calls: the provider serves that prefix from its cache,
        // in blocks of 128 tokens as OpenAI does.
        var prefix = messages.Count > 0 ? messages[0]!.ToJsonString() : string.Empty;
        var cachedTokens = _seenPrefixes.Add(prefix) ? 0 : Math.Min(promptTokens, prefix.Length / 4 / 128 * 128);
        var visibleText = answer.ToolCall is null ? answer.Text : answer.ToolCall.ArgumentsJson;
        var completionTokens = Math.Max(1, visibleText.Length / 4) + answer.ExtraOutputTokens;
        var servedModel = ServedModel(model);
        var id = "chatcmpl-sample-" + number.ToString("D4", CultureInfo.InvariantCulture);
        var usage = Usage(promptTokens, cachedTokens, completionTokens);

        var content = stream
            ? new StringContent(StreamBody(id, servedModel, answer, number, usage), Encoding.UTF8, "text/event-stream")
            : new StringContent(CompletionBody(id, servedModel, answer, number, usage), Encoding.UTF8, "application/json");
        return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = content };
    }

    private static string? Role(JsonNode? message) => message?["role"]?.GetValue<string>();

    // The service answers with a dated snapshot of the requested alias; pricing must resolve it.
    private static string ServedModel(string requested) => requested switch
    {
        "gpt-4o" => "gpt-4o-2024-08-06",
        "gpt-4o-mini" => "gpt-4o-mini-2024-07-18",
        _ => requested,
    };

    // A JSON string literal; JsonEncodedText escapes without the reflection-based serializer (trimming/AOT safe).
    private static string Quote(string text) => "\"" + JsonEncodedText.Encode(text).Value + "\"";

    private static string Usage(int prompt, int cached, int completion) => string.Create(CultureInfo.InvariantCulture,
        $$$"""{"prompt_tokens":{{{prompt}}},"completion_tokens":{{{completion}}},"total_tokens":{{{prompt + completion}}},"prompt_tokens_details":{"cached_tokens":{{{cached}}},"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}""");

    private static string ToolCallId(int number) => "call_sample_" + number.ToString("D4", CultureInfo.InvariantCulture);

    private static string FunctionCall(string id, string name, string argumentsLiteral, int? index = null)
        => "{" + (index is null ? string.Empty : "\"index\":" + index.Value.ToString(CultureInfo.InvariantCulture) + ",")
            + "\"id\":\"" + id + "\",\"type\":\"function\",\"function\":{\"name\":" + Quote(name) + ",\"arguments\":" + argumentsLiteral + "}}";

    private static string CompletionBody(string id, string model, ScriptedAnswer answer, int number, string usage)
    {
        var message = answer.ToolCall is { } call
            ? """{"role":"assistant","content":null,"refusal":null,"tool_calls":[""" + FunctionCall(ToolCallId(number), call.Name, Quote(call.ArgumentsJson)) + "]}"
            : $$"""{"role":"assistant","content":{{Quote(answer.Text)}},"refusal":null}""";
        var finish = answer.ToolCall is null ? "stop" : "tool_calls";
        return $$"""{"id":"{{id}}","object":"chat.completion","created":1767225600,"model":"{{model}}","choices":[{"index":0,"message":{{message}},"logprobs":null,"finish_reason":"{{finish}}"}],"usage":{{usage}},"service_tier":"default","system_fingerprint":"fp_sample"}""";
    }

    private static string StreamBody(string id, string model, ScriptedAnswer answer, int number, string usage)
    {
        var sb = new StringBuilder();
        void Chunk(string delta, string? finish, string chunkUsage, bool emptyChoices = false)
        {
            var choices = emptyChoices ? "[]"
                : $$"""[{"index":0,"delta":{{delta}},"logprobs":null,"finish_reason":{{(finish is null ? "null" : "\"" + finish + "\"")}}}]""";
            sb.Append("data: ").Append($$"""{"id":"{{id}}","object":"chat.completion.chunk","created":1767225600,"model":"{{model}}","system_fingerprint":"fp_sample","choices":{{choices}},"usage":{{chunkUsage}}}""").Append("\n\n");
        }

        if (answer.ToolCall is { } call)
        {
            Chunk("""{"role":"assistant","content":null,"tool_calls":[""" + FunctionCall(ToolCallId(number), call.Name, "\"\"", index: 0) + "]}", null, "null");
            Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":""" + Quote(call.ArgumentsJson) + "}}]}", null, "null");
            Chunk("{}", "tool_calls", "null");
        }
        else
        {
            Chunk("""{"role":"assistant","content":""}""", null, "null");
            var words = answer.Text.Split(' ');
            for (var i = 0; i < words.Length; i++)
            {
                Chunk("{\"content\":" + Quote(i == words.Length - 1 ? words[i] : words[i] + " ") + "}", null, "null");
            }

            Chunk("{}", "stop", "null");
        }

        // Usage arrives only on this last chunk, and only because the SDK asked for it (stream_options.include_usage).
        Chunk("{}", null, usage, emptyChoices: true);
        sb.Append("data: [DONE]\n\n");
        return sb.ToString();
    }
}

/// <summary>What the scripted model sees of a request.</summary>
/// <param name="Model">The requested model.</param>
/// <param name="LastUserMessage">The text of the last user message.</param>
/// <param name="ToolResult">The content of the last message when it is a tool result (a function-calling round trip), else null.</param>
/// <param name="MessageCount">How many messages the request holds.</param>
public sealed record ScriptedRequest(string Model, string LastUserMessage, string? ToolResult, int MessageCount);

/// <summary>One scripted answer: its text and any hidden extra output (as a long answer would have), or a tool call.</summary>
/// <param name="Text">The answer text (ignored when <see cref="ToolCall"/> is set).</param>
/// <param name="ExtraOutputTokens">Output tokens billed beyond the visible text.</param>
public sealed record ScriptedAnswer(string Text, int ExtraOutputTokens = 0)
{
    /// <summary>When set, the model asks the client to call this function instead of answering.</summary>
    public ScriptedToolCall? ToolCall { get; init; }
}

/// <summary>A function call the scripted model asks for.</summary>
/// <param name="Name">The function name.</param>
/// <param name="ArgumentsJson">The arguments, as the JSON object text the API sends.</param>
public sealed record ScriptedToolCall(string Name, string ArgumentsJson);
