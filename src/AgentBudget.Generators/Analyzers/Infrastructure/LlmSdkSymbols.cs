using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AgentBudget.Generators.Analyzers.Infrastructure;

/// <summary>Which SDK surface a billable call goes to.</summary>
internal enum LlmApi
{
    OpenAIChat,
    OpenAIResponses,
    OpenAIEmbeddings,
    AnthropicMessages,
    ChatClient,
    EmbeddingGenerator,
}

/// <summary>A recognised billable LLM call.</summary>
internal readonly struct LlmCall
{
    public LlmCall(IInvocationOperation invocation, LlmApi api, bool isStreaming, bool isProtocol, IOperation? client)
    {
        Invocation = invocation;
        Api = api;
        IsStreaming = isStreaming;
        IsProtocol = isProtocol;
        Client = client;
    }

    public IInvocationOperation Invocation { get; }

    public LlmApi Api { get; }

    /// <summary>The call returns a stream of updates (usage arrives with the last one).</summary>
    public bool IsStreaming { get; }

    /// <summary>A protocol-level overload: the request body is the caller's <c>BinaryContent</c>, sent as written.</summary>
    public bool IsProtocol { get; }

    /// <summary>The client the call is made on: the instance, or the <c>this</c> argument of an extension method.</summary>
    public IOperation? Client { get; }

    /// <summary>Method name as written by the user (for messages).</summary>
    public string MethodName => Invocation.TargetMethod.Name;
}

/// <summary>
/// The LLM SDK types a compilation references, resolved once per compilation start (the cheat-sheet in
/// <c>dotnet-llm-sdks.md</c> §6). <see cref="TryCreate"/> returns null when no supported SDK is referenced so that
/// the analyzers register nothing for such compilations.
/// </summary>
internal sealed class LlmSdkSymbols
{
    private const string OpenAIAssembly = "OpenAI";
    private const string AnthropicAssembly = "Anthropic";
    private const string MeaiAbstractionsAssembly = "Microsoft.Extensions.AI.Abstractions";
    private const string MeaiAssembly = "Microsoft.Extensions.AI";

    private LlmSdkSymbols(Compilation compilation)
    {
        OpenAIClient = TypeLookup.Find(compilation, "OpenAI.OpenAIClient", OpenAIAssembly);
        OpenAIChatClient = TypeLookup.Find(compilation, "OpenAI.Chat.ChatClient", OpenAIAssembly);
        OpenAIResponsesClient = TypeLookup.Find(compilation, "OpenAI.Responses.ResponsesClient", OpenAIAssembly);
        OpenAIEmbeddingClient = TypeLookup.Find(compilation, "OpenAI.Embeddings.EmbeddingClient", OpenAIAssembly);
        OpenAICreateResponseOptions = TypeLookup.Find(compilation, "OpenAI.Responses.CreateResponseOptions", OpenAIAssembly);

        var anthropicServices = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        foreach (var name in new[]
        {
            "Anthropic.Services.IMessageService",
            "Anthropic.Services.Beta.IMessageService",
            "Anthropic.Services.IMessageServiceWithRawResponse",
            "Anthropic.Services.Beta.IMessageServiceWithRawResponse",
        })
        {
            var type = TypeLookup.Find(compilation, name, AnthropicAssembly);
            if (type is not null)
            {
                anthropicServices.Add(type);
            }
        }

        AnthropicMessageServices = anthropicServices.ToImmutable();
        AnthropicMessageServiceExtensions = TypeLookup.Find(compilation, "Anthropic.Services.MessageServiceExtensions", AnthropicAssembly);
        AnthropicClient = TypeLookup.Find(compilation, "Anthropic.IAnthropicClient", AnthropicAssembly);
        AnthropicMessageCreateParams = ImmutableArray.CreateRange(
            new[]
            {
                TypeLookup.Find(compilation, "Anthropic.Models.Messages.MessageCreateParams", AnthropicAssembly),
                TypeLookup.Find(compilation, "Anthropic.Models.Beta.Messages.MessageCreateParams", AnthropicAssembly),
            }.OfType<INamedTypeSymbol>());
        AnthropicChatClientExtensions = TypeLookup.Find(compilation, "Microsoft.Extensions.AI.AnthropicClientExtensions", AnthropicAssembly);

        ChatClient = TypeLookup.Find(compilation, "Microsoft.Extensions.AI.IChatClient", MeaiAbstractionsAssembly);
        ChatClientExtensions = TypeLookup.Find(compilation, "Microsoft.Extensions.AI.ChatClientExtensions", MeaiAbstractionsAssembly);
        ChatClientStructuredOutputExtensions = TypeLookup.Find(compilation, "Microsoft.Extensions.AI.ChatClientStructuredOutputExtensions", MeaiAssembly);
        ChatOptions = TypeLookup.Find(compilation, "Microsoft.Extensions.AI.ChatOptions", MeaiAbstractionsAssembly);
        EmbeddingGenerator = TypeLookup.Find(compilation, "Microsoft.Extensions.AI.IEmbeddingGenerator`2", MeaiAbstractionsAssembly);
        EmbeddingGeneratorExtensions = TypeLookup.Find(compilation, "Microsoft.Extensions.AI.EmbeddingGeneratorExtensions", MeaiAbstractionsAssembly);
        EmbeddingGenerationOptions = TypeLookup.Find(compilation, "Microsoft.Extensions.AI.EmbeddingGenerationOptions", MeaiAbstractionsAssembly);
        OpenAIChatClientAdapters = TypeLookup.Find(compilation, "Microsoft.Extensions.AI.OpenAIClientExtensions", "Microsoft.Extensions.AI.OpenAI");

        BinaryContent = TypeLookup.Find(compilation, "System.ClientModel.BinaryContent", "System.ClientModel");
    }

    public INamedTypeSymbol? OpenAIClient { get; }

    public INamedTypeSymbol? OpenAIChatClient { get; }

    public INamedTypeSymbol? OpenAIResponsesClient { get; }

    public INamedTypeSymbol? OpenAIEmbeddingClient { get; }

    public INamedTypeSymbol? OpenAICreateResponseOptions { get; }

    /// <summary><c>IMessageService</c> and its Beta and raw-response variants.</summary>
    public ImmutableArray<INamedTypeSymbol> AnthropicMessageServices { get; }

    public INamedTypeSymbol? AnthropicMessageServiceExtensions { get; }

    public INamedTypeSymbol? AnthropicClient { get; }

    /// <summary><c>MessageCreateParams</c> of the stable and the Beta namespaces.</summary>
    public ImmutableArray<INamedTypeSymbol> AnthropicMessageCreateParams { get; }

    /// <summary><c>Microsoft.Extensions.AI.AnthropicClientExtensions</c> (ships inside the Anthropic assembly).</summary>
    public INamedTypeSymbol? AnthropicChatClientExtensions { get; }

    public INamedTypeSymbol? ChatClient { get; }

    public INamedTypeSymbol? ChatClientExtensions { get; }

    public INamedTypeSymbol? ChatClientStructuredOutputExtensions { get; }

    public INamedTypeSymbol? ChatOptions { get; }

    public INamedTypeSymbol? EmbeddingGenerator { get; }

    public INamedTypeSymbol? EmbeddingGeneratorExtensions { get; }

    public INamedTypeSymbol? EmbeddingGenerationOptions { get; }

    /// <summary><c>Microsoft.Extensions.AI.OpenAIClientExtensions</c> (AsIChatClient adapters for OpenAI clients).</summary>
    public INamedTypeSymbol? OpenAIChatClientAdapters { get; }

    public INamedTypeSymbol? BinaryContent { get; }

    /// <summary>Resolves the SDK types, or returns null when the compilation references none of the supported SDKs.</summary>
    public static LlmSdkSymbols? TryCreate(Compilation compilation)
    {
        var symbols = new LlmSdkSymbols(compilation);
        return symbols.OpenAIChatClient is null
            && symbols.OpenAIResponsesClient is null
            && symbols.OpenAIEmbeddingClient is null
            && symbols.AnthropicMessageServices.IsEmpty
            && symbols.ChatClient is null
            && symbols.EmbeddingGenerator is null
            ? null
            : symbols;
    }

    /// <summary>Whether <paramref name="type"/> is one of the SDK clients (or a type implementing/deriving from one).</summary>
    public bool IsLlmClientType(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        if (TypeLookup.IsOrDerivesFrom(type, OpenAIChatClient)
            || TypeLookup.IsOrDerivesFrom(type, OpenAIResponsesClient)
            || TypeLookup.IsOrDerivesFrom(type, OpenAIEmbeddingClient)
            || TypeLookup.IsOrImplements(type, ChatClient)
            || TypeLookup.IsOrImplements(type, EmbeddingGenerator)
            || TypeLookup.IsOrImplements(type, AnthropicClient))
        {
            return true;
        }

        foreach (var service in AnthropicMessageServices)
        {
            if (TypeLookup.IsOrImplements(type, service))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Recognises a billable LLM call, or returns null.</summary>
    public LlmCall? Classify(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var name = method.Name;

        // Cheap name filter first: this runs for every invocation in the compilation.
        if (!IsCandidateName(name))
        {
            return null;
        }

        if (method.IsExtensionMethod || (method.IsStatic && invocation.Instance is null && method.Parameters.Length > 0))
        {
            return ClassifyExtension(invocation, method, name);
        }

        var containing = method.ContainingType;
        if (containing is null || invocation.Instance is null)
        {
            return null;
        }

        var isStreaming = name.Contains("Streaming");
        var isProtocol = method.Parameters.Length > 0 && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, BinaryContent);

        switch (name)
        {
            case "CompleteChat":
            case "CompleteChatAsync":
            case "CompleteChatStreaming":
            case "CompleteChatStreamingAsync":
                return TypeLookup.IsOrDerivesFrom(containing, OpenAIChatClient)
                    ? new LlmCall(invocation, LlmApi.OpenAIChat, isStreaming, isProtocol, invocation.Instance)
                    : null;

            case "CreateResponse":
            case "CreateResponseAsync":
            case "CreateResponseStreaming":
            case "CreateResponseStreamingAsync":
            case "CompactResponse":
            case "CompactResponseAsync":
                return TypeLookup.IsOrDerivesFrom(containing, OpenAIResponsesClient)
                    ? new LlmCall(invocation, LlmApi.OpenAIResponses, isStreaming, isProtocol, invocation.Instance)
                    : null;

            case "GenerateEmbedding":
            case "GenerateEmbeddingAsync":
            case "GenerateEmbeddings":
            case "GenerateEmbeddingsAsync":
                return TypeLookup.IsOrDerivesFrom(containing, OpenAIEmbeddingClient)
                    ? new LlmCall(invocation, LlmApi.OpenAIEmbeddings, isStreaming: false, isProtocol, invocation.Instance)
                    : null;

            case "Create":
            case "CreateStreaming":
                foreach (var service in AnthropicMessageServices)
                {
                    if (TypeLookup.IsOrImplements(containing, service))
                    {
                        return new LlmCall(invocation, LlmApi.AnthropicMessages, isStreaming, isProtocol: false, invocation.Instance);
                    }
                }

                return null;

            case "GetResponseAsync":
            case "GetStreamingResponseAsync":
                return TypeLookup.IsOrImplements(containing, ChatClient) && IsChatClientCallShape(method)
                    ? new LlmCall(invocation, LlmApi.ChatClient, isStreaming, isProtocol: false, invocation.Instance)
                    : null;

            case "GenerateAsync":
                return TypeLookup.IsOrImplements(containing, EmbeddingGenerator)
                    ? new LlmCall(invocation, LlmApi.EmbeddingGenerator, isStreaming: false, isProtocol: false, invocation.Instance)
                    : null;

            default:
                return null;
        }
    }

    private static bool IsCandidateName(string name) =>
        name.StartsWith("CompleteChat", System.StringComparison.Ordinal)
        || name.StartsWith("CreateResponse", System.StringComparison.Ordinal)
        || name.StartsWith("CompactResponse", System.StringComparison.Ordinal)
        || name.StartsWith("GenerateEmbedding", System.StringComparison.Ordinal)
        || name is "Create" or "CreateStreaming" or "GetResponseAsync" or "GetStreamingResponseAsync"
            or "GenerateAsync" or "GenerateVectorAsync" or "GenerateAndZipAsync";

    // IChatClient.GetResponseAsync(IEnumerable<ChatMessage>, ...) — a user type implementing IChatClient may have other
    // methods with the same name (e.g. a typed helper); only the interface's shape is a model call.
    private static bool IsChatClientCallShape(IMethodSymbol method) =>
        method.Parameters.Length >= 1 && method.Parameters[0].Type is INamedTypeSymbol { Name: "IEnumerable" };

    private LlmCall? ClassifyExtension(IInvocationOperation invocation, IMethodSymbol method, string name)
    {
        var containing = method.ContainingType?.OriginalDefinition;
        if (containing is null)
        {
            return null;
        }

        var client = ThisArgument(invocation);
        var isStreaming = name.Contains("Streaming");

        if (SymbolEqualityComparer.Default.Equals(containing, ChatClientExtensions)
            || SymbolEqualityComparer.Default.Equals(containing, ChatClientStructuredOutputExtensions))
        {
            return name is "GetResponseAsync" or "GetStreamingResponseAsync"
                ? new LlmCall(invocation, LlmApi.ChatClient, isStreaming, isProtocol: false, client)
                : null;
        }

        if (SymbolEqualityComparer.Default.Equals(containing, EmbeddingGeneratorExtensions))
        {
            return name is "GenerateAsync" or "GenerateVectorAsync" or "GenerateAndZipAsync"
                ? new LlmCall(invocation, LlmApi.EmbeddingGenerator, isStreaming: false, isProtocol: false, client)
                : null;
        }

        if (SymbolEqualityComparer.Default.Equals(containing, AnthropicMessageServiceExtensions))
        {
            return name == "Create"
                ? new LlmCall(invocation, LlmApi.AnthropicMessages, isStreaming: false, isProtocol: false, client)
                : null;
        }

        return null;
    }

    /// <summary>The <c>this</c> argument of an extension-method invocation (parameter ordinal 0).</summary>
    public static IOperation? ThisArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
            {
                return argument.Value;
            }
        }

        return null;
    }
}
