using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using AgentBudget.Extensions.AI.Internal;
using AgentBudget.Observability;
using AgentBudget.Pricing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentBudget.Extensions.AI;

/// <summary>
/// A chat-client middleware that puts every model call under a budget session: the call is admitted with a
/// reservation before it is sent, charged with the provider's exact usage priced by the model that actually
/// answered, and released (nothing charged) when the provider fails.
/// </summary>
/// <remarks>
/// <para>
/// Placement: install it <b>inside</b> <see cref="FunctionInvokingChatClient"/> (after <c>UseFunctionInvocation()</c>
/// in a <see cref="ChatClientBuilder"/>, or use <c>UseBudgetedFunctionInvocation()</c>, which does both in the right
/// order). There it sees every model round trip of a tool loop, so the budget is checked between tool calls. Outside,
/// it would see one aggregated response per user request and could stop the agent only after the whole loop.
/// </para>
/// <para>
/// Streaming: the usage arrives in a <see cref="UsageContent"/> on the last update. When the consumer stops early
/// the reservation is settled with an estimate (prompt estimate plus the streamed text), marked as an estimate.
/// A provider error before the first update releases the reservation; an error mid-stream charges the estimate,
/// since the provider has billed the tokens it already sent.
/// </para>
/// </remarks>
public sealed partial class BudgetChatClient : DelegatingChatClient
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key that marks a call as the agent's final step.</summary>
    public const string FinalStepPropertyKey = "agentbudget.final_step";

    private readonly Func<BudgetSession> _sessionResolver;
    private readonly BudgetChatClientOptions _options;
    private readonly AgentBudgetMetrics _metrics;
    private readonly ILogger _logger;
    private readonly string? _defaultModelId;
    private readonly string? _providerName;

    /// <summary>Creates the middleware over <paramref name="innerClient"/>, charging <paramref name="session"/>.</summary>
    public BudgetChatClient(IChatClient innerClient, BudgetSession session, BudgetChatClientOptions? options = null,
        ILoggerFactory? loggerFactory = null)
        : this(innerClient, SessionResolvers.Fixed(session), options, loggerFactory)
    {
    }

    /// <summary>
    /// Creates the middleware over <paramref name="innerClient"/>; <paramref name="sessionResolver"/> is asked for the
    /// session at every call (for example the ambient session of the current agent run).
    /// </summary>
    public BudgetChatClient(IChatClient innerClient, Func<BudgetSession> sessionResolver, BudgetChatClientOptions? options = null,
        ILoggerFactory? loggerFactory = null)
        : base(innerClient)
    {
        _sessionResolver = sessionResolver ?? throw new ArgumentNullException(nameof(sessionResolver));
        _options = options ?? new BudgetChatClientOptions();
        _metrics = _options.Metrics ?? AgentBudgetMetrics.Shared;
        _logger = (ILogger?)loggerFactory?.CreateLogger<BudgetChatClient>() ?? NullLogger.Instance;
        var metadata = innerClient.GetService<ChatClientMetadata>();
        _defaultModelId = metadata?.DefaultModelId;
        _providerName = _options.ProviderName ?? metadata?.ProviderName;
        if (innerClient.GetService<FunctionInvokingChatClient>() is not null)
        {
            // The tool loop runs below this client: it sees one aggregated response per request and cannot stop the
            // loop between round trips. Legal (the charges are still exact), so a warning rather than an error.
            IsOutsideFunctionInvocation = true;
            Log.OutsideFunctionInvocation(_logger);
        }
    }

    /// <summary>
    /// True when a <see cref="FunctionInvokingChatClient"/> sits below this client, so the budget is checked once per
    /// request instead of once per tool round trip. Install the budget after <c>UseFunctionInvocation()</c> instead.
    /// </summary>
    public bool IsOutsideFunctionInvocation { get; }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var call = await AdmitAsync(messages, options, cancellationToken).ConfigureAwait(false);
        ChatResponse response;
        try
        {
            response = await call.Client.GetResponseAsync(call.Messages, call.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // HTTP 429/500, cancellation, a broken connection before an answer: the provider billed nothing.
            await call.Reservation.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            Log.CallFailed(_logger, call.Model, ex);
            throw;
        }

        await SettleAsync(call, response.ModelId, response.Usage, streamedCharacters: 0).ConfigureAwait(false);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var call = await AdmitAsync(messages, options, cancellationToken).ConfigureAwait(false);
        IAsyncEnumerator<ChatResponseUpdate> updates;
        try
        {
            updates = call.Client.GetStreamingResponseAsync(call.Messages, call.Options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch
        {
            call.Reservation.Release();
            throw;
        }

        UsageDetails? usage = null;
        string? answeringModel = null;
        long streamedCharacters = 0;
        var updateCount = 0;
        var settled = false;
        try
        {
            while (true)
            {
                bool hasUpdate;
                try
                {
                    hasUpdate = await updates.MoveNextAsync().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    settled = true;
                    if (updateCount == 0 && usage is null)
                    {
                        await call.Reservation.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
                        Log.CallFailed(_logger, call.Model, ex);
                    }
                    else
                    {
                        await SettleAsync(call, answeringModel, usage, streamedCharacters).ConfigureAwait(false);
                    }

                    throw;
                }

                if (!hasUpdate)
                {
                    break;
                }

                var update = updates.Current;
                updateCount++;
                answeringModel = update.ModelId ?? answeringModel;
                foreach (var content in update.Contents)
                {
                    switch (content)
                    {
                        case UsageContent usageContent:
                            // One UsageContent per model round trip; a client inside FunctionInvokingChatClient sees one.
                            usage ??= new UsageDetails();
                            usage.Add(usageContent.Details);
                            break;
                        case TextContent text:
                            streamedCharacters += text.Text.Length;
                            break;
                        case TextReasoningContent reasoning:
                            streamedCharacters += reasoning.Text.Length;
                            break;
                        case FunctionCallContent functionCall:
                            streamedCharacters += functionCall.Name.Length;
                            break;
                    }
                }

                yield return update;
            }

            settled = true;
            await SettleAsync(call, answeringModel, usage, streamedCharacters).ConfigureAwait(false);
        }
        finally
        {
            if (!settled)
            {
                // The consumer stopped early (break, dispose, cancellation after the last awaited update).
                await SettleAsync(call, answeringModel, usage, streamedCharacters).ConfigureAwait(false);
            }

            await updates.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
        => serviceKey is null && serviceType == typeof(BudgetChatClient) ? this : base.GetService(serviceType, serviceKey);

    /// <summary>
    /// Admits the call: a reservation in the session and, when the session has a shared budget, a hold of the same
    /// estimate in every shared scope (awaited, never blocking; completes synchronously without a shared budget).
    /// </summary>
    private async ValueTask<AdmittedCall> AdmitAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        // Enumerated several times (estimate, fingerprint, the call itself): materialize a one-shot sequence once.
        var messageList = messages as IList<ChatMessage> ?? messages.ToList();
        var session = _sessionResolver();
        RethrowBudgetStopFromTools(messageList);

        var requestedModel = options?.ModelId ?? _defaultModelId
            ?? throw new InvalidOperationException(
                "The budget cannot price a call without a model: set ChatOptions.ModelId or use a client with a default model.");

        var isFinalStep = false;
        if (options?.AdditionalProperties is { } properties && properties.TryGetValue(FinalStepPropertyKey, out var flag))
        {
            isFinalStep = flag is true;
            options = options.Clone();
            options.AdditionalProperties!.Remove(FinalStepPropertyKey);
        }

        var client = InnerClient;
        var model = requestedModel;
        if (session.SoftLimitReached && TryGetDegradeTarget(requestedModel, out var cheaperModel))
        {
            options = options?.Clone() ?? new ChatOptions();
            options.ModelId = cheaperModel;
            model = cheaperModel;
            if (_options.DegradeClient is { } degradeClient)
            {
                client = degradeClient;
            }

            BudgetRuntime.ReportDegrade(session, requestedModel, cheaperModel, _metrics);
            Log.Degraded(_logger, requestedModel, cheaperModel);
        }

        var estimatedInput = _options.InputTokenEstimator is { } estimator
            ? Math.Max(0, estimator(messageList, options))
            : RequestShape.EstimateChatInputTokens(messageList, options);
        var maxOutput = (long?)options?.MaxOutputTokens ?? MaxOutputTokensOf(session, model) ?? _options.DefaultMaxOutputTokens;
        var fingerprint = _options.DetectRepeatedRequests ? RequestShape.FingerprintChat(model, messageList, options) : 0UL;

        BudgetReservation reservation;
        try
        {
            reservation = await session.ReserveLlmCallAsync(model, estimatedInput, maxOutput, fingerprint, isFinalStep, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (BudgetException ex)
        {
            Log.Refused(_logger, model, ex.Message);
            throw;
        }
        catch (Distributed.BudgetStoreUnavailableException ex)
        {
            Log.Refused(_logger, model, ex.Message);
            throw;
        }

        return new AdmittedCall(session, client, messageList, options, requestedModel, model, estimatedInput, maxOutput, reservation);
    }

    /// <summary>
    /// Records the call's cost. With a shared budget the shared settle is awaited here (so the shared counters are
    /// current when the response reaches the caller); without one it completes synchronously.
    /// </summary>
    private async ValueTask SettleAsync(AdmittedCall call, string? answeringModel, UsageDetails? usage, long streamedCharacters)
    {
        // Price by the model that answered: a pinned alias ("gpt-4o-mini") is billed as its dated snapshot.
        var pricedModel = PricedModel(call, answeringModel);
        if (usage is not null)
        {
            var tokens = usage.ToTokenUsage();
            if (await call.Reservation.SettleUsageAsync(pricedModel, tokens).ConfigureAwait(false))
            {
                _metrics.RecordTokenUsage("chat", _providerName, call.RequestedModel, answeringModel ?? call.Model, tokens);
                BudgetRuntime.RecordCharge(_metrics, call.Session, pricedModel, tokens, AgentBudgetTelemetry.CostKinds.Llm,
                    _providerName, isEstimate: false);
            }

            return;
        }

        // No usage: never a silent $0. Charge the prompt estimate plus what was streamed (or, for a complete
        // non-streaming answer without usage, the reserved output bound), flagged as an estimate.
        var estimatedOutput = streamedCharacters > 0 ? RequestShape.EstimateTokensOfText(streamedCharacters) : call.MaxOutputTokens;
        var estimate = TokenUsage.FromInputOutput(call.EstimatedInputTokens, estimatedOutput);
        if (await call.Reservation.SettleUsageAsync(pricedModel, estimate, isEstimate: true).ConfigureAwait(false))
        {
            // No gen_ai.client.token.usage here: the conventions forbid reporting counts that were not obtained.
            BudgetRuntime.RecordCharge(_metrics, call.Session, pricedModel, estimate, AgentBudgetTelemetry.CostKinds.Llm,
                _providerName, isEstimate: true);
            Log.Estimated(_logger, pricedModel, call.EstimatedInputTokens, estimatedOutput);
        }
    }

    private string PricedModel(AdmittedCall call, string? answeringModel)
    {
        if (answeringModel is null || string.Equals(answeringModel, call.Model, StringComparison.Ordinal))
        {
            return call.Model;
        }

        // Only switch to the answering model when it has a price; an unpriced snapshot id must not turn a known call
        // into an unknown-model failure after the money was spent.
        var catalog = _options.PriceCatalog ?? BudgetRuntime.CatalogOf(call.Session);
        return catalog is not null && catalog.TryGetPrice(answeringModel, out _) ? answeringModel : call.Model;
    }

    private long? MaxOutputTokensOf(BudgetSession session, string model)
    {
        var catalog = _options.PriceCatalog ?? BudgetRuntime.CatalogOf(session);
        return catalog is not null && catalog.TryGetPrice(model, out var price) ? price.MaxOutputTokens : null;
    }

    private bool TryGetDegradeTarget(string requestedModel, out string cheaperModel)
    {
        if (_options.DegradeModels.TryGetValue(requestedModel, out var mapped) && !string.IsNullOrEmpty(mapped))
        {
            cheaperModel = mapped;
        }
        else if (!string.IsNullOrEmpty(_options.DegradeToModel))
        {
            cheaperModel = _options.DegradeToModel!;
        }
        else
        {
            cheaperModel = string.Empty;
            return false;
        }

        return !string.Equals(cheaperModel, requestedModel, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// <see cref="FunctionInvokingChatClient"/> turns a tool's exception into an error result for the model and calls
    /// the model again. A budget stop raised by a tool (exhausted, loop) must end the agent instead, so the next
    /// model call through this client rethrows it before anything is sent.
    /// </summary>
    private static void RethrowBudgetStopFromTools(IList<ChatMessage> list)
    {
        for (var i = list.Count - 1; i >= 0 && list[i].Role == ChatRole.Tool; i--)
        {
            foreach (var content in list[i].Contents)
            {
                if (content is FunctionResultContent { Exception: BudgetException stop })
                {
                    ExceptionDispatchInfo.Capture(stop).Throw();
                }
            }
        }
    }

    private sealed class AdmittedCall(BudgetSession session, IChatClient client, IList<ChatMessage> messages, ChatOptions? options,
        string requestedModel, string model, long estimatedInputTokens, long maxOutputTokens, BudgetReservation reservation)
    {
        public BudgetSession Session { get; } = session;

        public IChatClient Client { get; } = client;

        public IList<ChatMessage> Messages { get; } = messages;

        public ChatOptions? Options { get; } = options;

        public string RequestedModel { get; } = requestedModel;

        public string Model { get; } = model;

        public long EstimatedInputTokens { get; } = estimatedInputTokens;

        public long MaxOutputTokens { get; } = maxOutputTokens;

        public BudgetReservation Reservation { get; } = reservation;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "AgentBudget refused a call to {Model}: {Reason}")]
        public static partial void Refused(ILogger logger, string model, string reason);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "AgentBudget soft limit: routed a call for {FromModel} to {ToModel}")]
        public static partial void Degraded(ILogger logger, string fromModel, string toModel);

        [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "AgentBudget released the reservation of a failed call to {Model}")]
        public static partial void CallFailed(ILogger logger, string model, Exception exception);

        [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "AgentBudget's BudgetChatClient is outside FunctionInvokingChatClient: the budget is checked once per request, not between tool round trips. Call UseBudget() after UseFunctionInvocation(), or use UseBudgetedFunctionInvocation().")]
        public static partial void OutsideFunctionInvocation(ILogger logger);

        [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "AgentBudget charged an estimate for a call to {Model} without reported usage ({InputTokens} input, {OutputTokens} output tokens)")]
        public static partial void Estimated(ILogger logger, string model, long inputTokens, long outputTokens);
    }
}
