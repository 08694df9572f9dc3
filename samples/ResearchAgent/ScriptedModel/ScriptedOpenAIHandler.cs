using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ResearchAgent.ScriptedModel;

/// <summary>
/// An embedded, deterministic stand-in for the OpenAI Chat Completions endpoint, so the sample runs with no API key
/// and no network. It answers the real OpenAI SDK's requests with the same JSON (or server-sent events, when the
/// request streams) that the service sends, including a realistic <c>usage</c> block: prompt tokens estimated from
/// the request size, a cached share once a prompt prefix repeats, and a scripted answer length per request.
/// </summary>
public sealed class ScriptedOpenAIHandler : HttpMessageHandler
{
    private readonly Func<string, ScriptedAnswer> _script;
    private readonly HashSet<string> _seenPrefixes = new(StringComparer.Ordinal);
    private int _requestNumber;

    /// <summary>Creates the handler with a script that picks an answer from the last user message.</summary>
    public ScriptedOpenAIHandler(Func<string, ScriptedAnswer> script) => _script = script;

    /// <summary>Requests served so far.</summary>
    public int RequestCount => _requestNumber;

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
        var lastUser = messages.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user")?["content"]?.ToString() ?? string.Empty;
        var stream = json["stream"]?.GetValue<bool>() == true;
        var number = Interlocked.Increment(ref _requestNumber);

        var answer = _script(lastUser);
        // About four characters per token, as tokenizers average on English prose.
        var promptTokens = Math.Max(1, body.Length / 4);
        // The system prompt and earlier turns repeat between calls: the provider serves that prefix from its cache.
        var prefix = messages.Count > 0 ? messages[0]!.ToJsonString() : string.Empty;
        var cachedTokens = _seenPrefixes.Add(prefix) ? 0 : Math.Min(promptTokens, prefix.Length / 4 / 128 * 128);
        var completionTokens = Math.Max(1, answer.Text.Length / 4) + answer.ExtraOutputTokens;
        var servedModel = ServedModel(model);
        var id = "chatcmpl-sample-" + number.ToString("D4", CultureInfo.InvariantCulture);

        var content = stream
            ? new StringContent(StreamBody(id, servedModel, answer.Text, promptTokens, cachedTokens, completionTokens), Encoding.UTF8, "text/event-stream")
            : new StringContent(CompletionBody(id, servedModel, answer.Text, promptTokens, cachedTokens, completionTokens), Encoding.UTF8, "application/json");
        return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = content };
    }

    // The service answers with a dated snapshot of the requested alias; pricing must resolve it.
    private static string ServedModel(string requested) => requested switch
    {
        "gpt-4o" => "gpt-4o-2024-08-06",
        "gpt-4o-mini" => "gpt-4o-mini-2024-07-18",
        _ => requested,
    };

    private static string Usage(int prompt, int cached, int completion) => string.Create(CultureInfo.InvariantCulture,
        $$"""{"prompt_tokens":{{prompt}},"completion_tokens":{{completion}},"total_tokens":{{prompt + completion}},"prompt_tokens_details":{"cached_tokens":{{cached}},"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}""");

    private static string CompletionBody(string id, string model, string text, int prompt, int cached, int completion) =>
        $$"""{"id":"{{id}}","object":"chat.completion","created":1767225600,"model":"{{model}}","choices":[{"index":0,"message":{"role":"assistant","content":{{JsonSerializer.Serialize(text)}},"refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{{Usage(prompt, cached, completion)}},"service_tier":"default","system_fingerprint":"fp_sample"}""";

    private static string StreamBody(string id, string model, string text, int prompt, int cached, int completion)
    {
        var sb = new StringBuilder();
        void Chunk(string delta, string? finish, string usage, bool emptyChoices = false)
        {
            var choices = emptyChoices ? "[]"
                : $$"""[{"index":0,"delta":{{delta}},"logprobs":null,"finish_reason":{{(finish is null ? "null" : "\"" + finish + "\"")}}}]""";
            sb.Append("data: ").Append($$"""{"id":"{{id}}","object":"chat.completion.chunk","created":1767225600,"model":"{{model}}","system_fingerprint":"fp_sample","choices":{{choices}},"usage":{{usage}}}""").Append("\n\n");
        }

        Chunk("""{"role":"assistant","content":""}""", null, "null");
        foreach (var word in text.Split(' '))
        {
            Chunk("{\"content\":" + JsonSerializer.Serialize(word + " ") + "}", null, "null");
        }

        Chunk("{}", "stop", "null");
        // Usage arrives only on this last chunk, and only because the SDK asked for it (stream_options.include_usage).
        Chunk("{}", null, Usage(prompt, cached, completion), emptyChoices: true);
        sb.Append("data: [DONE]\n\n");
        return sb.ToString();
    }
}

/// <summary>One scripted answer: its text and any hidden extra output (as a long answer would have).</summary>
public sealed record ScriptedAnswer(string Text, int ExtraOutputTokens = 0);
