using System;
using System.Collections.Generic;
using AgentBudget.Observability;
using AgentBudget.Pricing;
using Microsoft.Extensions.AI;

namespace AgentBudget.Extensions.AI;

/// <summary>Options of <see cref="BudgetChatClient"/>.</summary>
public sealed class BudgetChatClientOptions
{
    /// <summary>
    /// The prices used to find a model's maximum output tokens when <see cref="ChatOptions.MaxOutputTokens"/> is not
    /// set (the reservation is sized by it). When <c>null</c>, the budget's own price catalog is used.
    /// </summary>
    public IPriceCatalog? PriceCatalog { get; set; }

    /// <summary>
    /// The output-token bound of the reservation when neither <see cref="ChatOptions.MaxOutputTokens"/> nor the price
    /// table gives one. Default 4096.
    /// </summary>
    public int DefaultMaxOutputTokens { get; set; } = 4096;

    /// <summary>
    /// Estimates the prompt tokens of a request for its reservation. Default: ⌈characters ÷ 4⌉ plus 4 tokens per
    /// message, tool schemas included. Plug in a real tokenizer for tighter reservations; the charge is always the
    /// provider's reported usage.
    /// </summary>
    public Func<IEnumerable<ChatMessage>, ChatOptions?, long>? InputTokenEstimator { get; set; }

    /// <summary>
    /// The cheaper model every call is routed to once the session's soft limit has been crossed (the model-routing
    /// strategy). <c>null</c> (the default) disables degrading unless <see cref="DegradeModels"/> names the model.
    /// </summary>
    public string? DegradeToModel { get; set; }

    /// <summary>
    /// Per-model degrade targets (requested model → cheaper model), consulted before <see cref="DegradeToModel"/>.
    /// Keys are compared case-insensitively.
    /// </summary>
    public IDictionary<string, string> DegradeModels { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A client that serves degraded calls, for providers whose client is bound to one model (such as the OpenAI
    /// Chat Completions adapter, which ignores <see cref="ChatOptions.ModelId"/>). When <c>null</c>, degraded calls
    /// go to the inner client with <see cref="ChatOptions.ModelId"/> set to the cheaper model.
    /// </summary>
    public IChatClient? DegradeClient { get; set; }

    /// <summary>
    /// Costs per call of tools that are not wrapped with <c>WithCost</c>, by tool name, charged by the function
    /// invoker that <c>UseBudgetedFunctionInvocation()</c> installs. Every tool it invokes is loop-checked, priced or not.
    /// </summary>
    public IDictionary<string, Money> ToolCosts { get; } = new Dictionary<string, Money>(StringComparer.Ordinal);

    /// <summary>The provider name for telemetry; defaults to <see cref="ChatClientMetadata.ProviderName"/> of the inner client.</summary>
    public string? ProviderName { get; set; }

    /// <summary>Where token and cost metrics go. Default: the service provider's, else <see cref="AgentBudgetMetrics.Shared"/>.</summary>
    public AgentBudgetMetrics? Metrics { get; set; }

    /// <summary>
    /// Whether each request is fingerprinted (model, messages, tool calls and results) so the session's loop detector
    /// sees an identical request repeated inside its window. Default <c>true</c>.
    /// </summary>
    public bool DetectRepeatedRequests { get; set; } = true;
}
