using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Responses;

namespace AgentBudget.Integrations.Tests.Support;

/// <summary>Real SDK clients wired to a <see cref="FakeHandler"/>, retries off so a 429/500 reaches the caller once.</summary>
public static class Sdk
{
    public static OpenAIClientOptions OpenAIOptions(FakeHandler handler) => new()
    {
        Endpoint = new Uri("http://localhost/v1/"),
        Transport = new HttpClientPipelineTransport(new HttpClient(handler)),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    };

    public static IChatClient OpenAIChat(FakeHandler handler, string model = "gpt-4o-mini")
        => new OpenAI.Chat.ChatClient(model, new ApiKeyCredential("sk-test"), OpenAIOptions(handler)).AsIChatClient();

    public static IChatClient OpenAIResponses(FakeHandler handler, string model = "gpt-4.1-mini")
        => new ResponsesClient(new ApiKeyCredential("sk-test"), new ResponsesClientOptions
        {
            Endpoint = new Uri("http://localhost/v1/"),
            Transport = new HttpClientPipelineTransport(new HttpClient(handler)),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        }).AsIChatClient(model);

    public static IEmbeddingGenerator<string, Embedding<float>> OpenAIEmbeddings(FakeHandler handler, string model = "text-embedding-3-small")
        => new OpenAI.Embeddings.EmbeddingClient(model, new ApiKeyCredential("sk-test"), OpenAIOptions(handler)).AsIEmbeddingGenerator();

    public static AnthropicClient AnthropicClient(FakeHandler handler) => new()
    {
        HttpClient = new HttpClient(handler),
        BaseUrl = "http://localhost",
        ApiKey = "sk-ant-test",
        MaxRetries = 0,
    };

    public static IChatClient AnthropicChat(FakeHandler handler, string model = "claude-sonnet-4-5", int maxOutputTokens = 1024)
        => AnthropicClient(handler).AsIChatClient(model, defaultMaxOutputTokens: maxOutputTokens);
}
