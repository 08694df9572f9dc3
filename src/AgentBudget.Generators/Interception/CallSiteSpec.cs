using AgentBudget.Generators.Budgeted.Model;

using AgentBudget.Generators.Common;

namespace AgentBudget.Generators.Interception;

/// <summary>The operation an intercepted call performs, which decides the interceptor body.</summary>
internal enum CallOperation
{
    /// <summary>A method of a <c>[Budgeted]</c> type: forwarded to its generated wrapper (scope or tool tracking).</summary>
    BudgetedMember,

    /// <summary><c>OpenAI.Chat.ChatClient.CompleteChat[Async]</c>.</summary>
    OpenAIChat,

    /// <summary><c>OpenAI.Chat.ChatClient.CompleteChatStreaming[Async]</c>.</summary>
    OpenAIChatStreaming,

    /// <summary><c>OpenAI.Responses.ResponsesClient.CreateResponse[Async]</c>.</summary>
    OpenAIResponses,

    /// <summary><c>OpenAI.Responses.ResponsesClient.CreateResponseStreaming[Async]</c>.</summary>
    OpenAIResponsesStreaming,

    /// <summary><c>OpenAI.Embeddings.EmbeddingClient.GenerateEmbeddings[Async]</c>.</summary>
    OpenAIEmbeddings,

    /// <summary><c>Anthropic.Services.IMessageService.Create</c>.</summary>
    AnthropicMessages,

    /// <summary><c>Anthropic.Services.IMessageService.CreateStreaming</c>.</summary>
    AnthropicMessagesStreaming,

    /// <summary><c>Microsoft.Extensions.AI.IChatClient.GetResponseAsync</c> and its <c>ChatClientExtensions</c> overloads.</summary>
    ExtensionsAIResponse,

    /// <summary><c>Microsoft.Extensions.AI.IChatClient.GetStreamingResponseAsync</c> and its extension overloads.</summary>
    ExtensionsAIStreaming,
}

/// <summary>Which generated file an interceptor goes to (one per SDK, one for budgeted members).</summary>
internal enum InterceptorFile
{
    BudgetedMembers,
    OpenAI,
    Anthropic,
    ExtensionsAI,
}

/// <summary>An argument of the intercepted call that the tracking code reads (the messages, the options, the model).</summary>
/// <param name="Role">What the argument is: <c>messages</c>, <c>options</c>, <c>model</c>, <c>items</c>, <c>text</c>, <c>inputs</c>, <c>parameters</c>.</param>
/// <param name="Argument">The interceptor parameter that carries it.</param>
internal sealed record RoleBinding(string Role, string Argument);

/// <summary>One call site to intercept, with everything needed to write its interceptor and nothing that roots a compilation.</summary>
/// <param name="Operation">What the call does.</param>
/// <param name="IsAsync">Whether the SDK method is the asynchronous variant.</param>
/// <param name="LocationVersion">The <c>InterceptableLocation</c> version.</param>
/// <param name="LocationData">The <c>InterceptableLocation</c> data (file checksum + position).</param>
/// <param name="DisplayLocation">File name (no directory) and line:column, for a readable comment.</param>
/// <param name="SortKey">Orders interceptors deterministically (file path, then position).</param>
/// <param name="MethodName">The method called by the interceptor: the SDK method, or the generated wrapper.</param>
/// <param name="ReceiverType">The <c>this</c> type of an instance call; empty for a static call.</param>
/// <param name="StaticContainingType">For a static or extension method, the type that declares it.</param>
/// <param name="IsExtension">Whether the target is an extension method (its receiver is its first parameter).</param>
/// <param name="Parameters">The target's parameters (for an extension, including the <c>this</c> parameter).</param>
/// <param name="ReturnType">The target's return type.</param>
/// <param name="TypeParameters">The interceptor's own type parameter list (<c>&lt;T&gt;</c>) when the receiver is an open generic budgeted type.</param>
/// <param name="Constraints">The <c>where</c> clauses of <see cref="TypeParameters"/>.</param>
/// <param name="FallbackSession">For an LLM call: the expression of the enclosing budgeted type's fallback session.</param>
/// <param name="Roles">The arguments the tracking code reads.</param>
internal sealed record CallSiteSpec(
    CallOperation Operation,
    bool IsAsync,
    int LocationVersion,
    string LocationData,
    string DisplayLocation,
    string SortKey,
    string MethodName,
    string ReceiverType,
    string StaticContainingType,
    bool IsExtension,
    EquatableArray<ParameterSpec> Parameters,
    string ReturnType,
    string TypeParameters,
    string Constraints,
    string FallbackSession,
    EquatableArray<RoleBinding> Roles)
{
    public InterceptorFile File => Operation switch
    {
        CallOperation.BudgetedMember => InterceptorFile.BudgetedMembers,
        CallOperation.AnthropicMessages or CallOperation.AnthropicMessagesStreaming => InterceptorFile.Anthropic,
        CallOperation.ExtensionsAIResponse or CallOperation.ExtensionsAIStreaming => InterceptorFile.ExtensionsAI,
        _ => InterceptorFile.OpenAI,
    };

    /// <summary>The argument bound to <paramref name="role"/>, or <c>null</c> (the C# literal) when the overload has none.</summary>
    public string Role(string role)
    {
        foreach (var binding in Roles)
        {
            if (binding.Role == role)
            {
                return binding.Argument;
            }
        }

        return "null";
    }
}
