using System.Net;
using System.Text;

namespace AgentBudget.ManualMode.Tests.Infrastructure;

/// <summary>An offline HTTP handler: answers each request with the next canned reply and records the request bodies.</summary>
public sealed class FakeHttpHandler : HttpMessageHandler
{
    private readonly Queue<(HttpStatusCode Status, string Body, string ContentType)> _replies = new();

    public List<string> RequestBodies { get; } = [];

    public FakeHttpHandler Json(string body, HttpStatusCode status = HttpStatusCode.OK)
    {
        _replies.Enqueue((status, body, "application/json"));
        return this;
    }

    public FakeHttpHandler Sse(string body)
    {
        _replies.Enqueue((HttpStatusCode.OK, body, "text/event-stream"));
        return this;
    }

    // The SDKs' synchronous methods send with HttpClient.Send.
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        => SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        RequestBodies.Add(request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken));
        if (_replies.Count == 0)
        {
            throw new InvalidOperationException("No canned reply left for " + request.RequestUri);
        }

        var (status, body, contentType) = _replies.Dequeue();
        return new HttpResponseMessage(status)
        {
            RequestMessage = request,
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
    }
}

/// <summary>SDK clients wired to a fake handler (no network, no retries).</summary>
public static class FakeClients
{
    public static global::OpenAI.OpenAIClientOptions OpenAIOptions(FakeHttpHandler handler) => new()
    {
        Endpoint = new Uri("http://localhost/v1/"),
        Transport = new global::System.ClientModel.Primitives.HttpClientPipelineTransport(new HttpClient(handler)),
        RetryPolicy = new global::System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0),
    };

    public static global::OpenAI.Chat.ChatClient Chat(FakeHttpHandler handler, string model = "gpt-4o-mini")
        => new(model, new global::System.ClientModel.ApiKeyCredential("sk-test"), OpenAIOptions(handler));

    public static global::OpenAI.Embeddings.EmbeddingClient Embeddings(FakeHttpHandler handler)
        => new("text-embedding-3-small", new global::System.ClientModel.ApiKeyCredential("sk-test"), OpenAIOptions(handler));

    public static global::OpenAI.Responses.ResponsesClient Responses(FakeHttpHandler handler)
        => new(new global::System.ClientModel.ApiKeyCredential("sk-test"), new global::OpenAI.Responses.ResponsesClientOptions
        {
            Endpoint = new Uri("http://localhost/v1/"),
            Transport = new global::System.ClientModel.Primitives.HttpClientPipelineTransport(new HttpClient(handler)),
            RetryPolicy = new global::System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0),
        });

    public static global::Anthropic.AnthropicClient Anthropic(FakeHttpHandler handler) => new()
    {
        HttpClient = new HttpClient(handler),
        BaseUrl = "http://localhost",
        ApiKey = "sk-ant-test",
        MaxRetries = 0,
    };
}
