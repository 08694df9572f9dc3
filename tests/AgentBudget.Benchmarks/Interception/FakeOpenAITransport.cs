using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using OpenAI;
using OpenAI.Chat;

namespace AgentBudget.Benchmarks.Interception;

/// <summary>
/// An offline HTTP handler that answers every request with the same chat completion (with usage), so a benchmark
/// measures the SDK and AgentBudget, not a network. The reply's bytes are prepared once.
/// </summary>
internal sealed class FakeOpenAIHandler : HttpMessageHandler
{
    /// <summary>
    /// gpt-4o-mini: 200 uncached + 1,000 cached prompt tokens, 180 output + 120 reasoning tokens: exactly $0.000285 at
    /// the built-in prices ($0.15 / $0.075 / $0.60 per million).
    /// </summary>
    public const string Completion = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1735689600,"model":"gpt-4o-mini-2024-07-18",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Hello from the fake server."},"logprobs":null,"finish_reason":"stop"}],
         "usage":{"prompt_tokens":1200,"completion_tokens":300,"total_tokens":1500,
                  "prompt_tokens_details":{"cached_tokens":1000,"audio_tokens":0},
                  "completion_tokens_details":{"reasoning_tokens":120,"audio_tokens":0}}}
        """;

    private static readonly byte[] Body = Encoding.UTF8.GetBytes(Completion);

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) => Reply(request);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => Task.FromResult(Reply(request));

    private static HttpResponseMessage Reply(HttpRequestMessage request)
    {
        var content = new ByteArrayContent(Body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = content };
    }
}

internal static class FakeOpenAI
{
    /// <summary>A real <see cref="ChatClient"/> (OpenAI 2.14) whose transport is <see cref="FakeOpenAIHandler"/>; no retries.</summary>
    public static ChatClient Chat() => new("gpt-4o-mini", new ApiKeyCredential("sk-benchmark"), new OpenAIClientOptions
    {
        Endpoint = new Uri("http://localhost/v1/"),
        Transport = new HttpClientPipelineTransport(new HttpClient(new FakeOpenAIHandler())),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    });
}
