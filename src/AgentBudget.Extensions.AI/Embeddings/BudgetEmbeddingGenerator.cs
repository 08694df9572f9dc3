using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentBudget.Extensions.AI.Internal;
using AgentBudget.Observability;
using AgentBudget.Pricing;
using Microsoft.Extensions.AI;

namespace AgentBudget.Extensions.AI;

/// <summary>
/// An embedding-generator middleware that admits each request with a reservation (estimated input tokens), charges
/// the reported usage priced by the model that answered, and releases the reservation when the provider fails.
/// </summary>
/// <typeparam name="TInput">The input type (usually <see cref="string"/>).</typeparam>
/// <typeparam name="TEmbedding">The embedding type.</typeparam>
public sealed class BudgetEmbeddingGenerator<TInput, TEmbedding> : DelegatingEmbeddingGenerator<TInput, TEmbedding>
    where TEmbedding : Embedding
{
    private readonly Func<BudgetSession> _sessionResolver;
    private readonly AgentBudgetMetrics _metrics;
    private readonly string? _defaultModelId;
    private readonly string? _providerName;

    /// <summary>Creates the middleware over <paramref name="innerGenerator"/>, charging <paramref name="session"/>.</summary>
    public BudgetEmbeddingGenerator(IEmbeddingGenerator<TInput, TEmbedding> innerGenerator, BudgetSession session,
        AgentBudgetMetrics? metrics = null)
        : this(innerGenerator, SessionResolvers.Fixed(session), metrics)
    {
    }

    /// <summary>Creates the middleware over <paramref name="innerGenerator"/>; the session is resolved at every call.</summary>
    public BudgetEmbeddingGenerator(IEmbeddingGenerator<TInput, TEmbedding> innerGenerator, Func<BudgetSession> sessionResolver,
        AgentBudgetMetrics? metrics = null)
        : base(innerGenerator)
    {
        _sessionResolver = sessionResolver ?? throw new ArgumentNullException(nameof(sessionResolver));
        _metrics = metrics ?? AgentBudgetMetrics.Shared;
        var metadata = innerGenerator.GetService<EmbeddingGeneratorMetadata>();
        _defaultModelId = metadata?.DefaultModelId;
        _providerName = metadata?.ProviderName;
    }

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<TEmbedding>> GenerateAsync(IEnumerable<TInput> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        var inputs = values as IReadOnlyCollection<TInput> ?? values.ToList();
        var session = _sessionResolver();
        var model = options?.ModelId ?? _defaultModelId
            ?? throw new InvalidOperationException(
                "The budget cannot price an embedding call without a model: set EmbeddingGenerationOptions.ModelId or use a generator with a default model.");
        var estimatedInput = RequestShape.EstimateEmbeddingInputTokens(inputs);
        // Awaited: with a shared budget the estimate is also held in the shared scopes (synchronous without one).
        var reservation = await session.ReserveLlmCallAsync(model, estimatedInput, maxOutputTokens: 0, cancellationToken: cancellationToken)
            .ConfigureAwait(false);

        GeneratedEmbeddings<TEmbedding> embeddings;
        try
        {
            embeddings = await base.GenerateAsync(inputs, options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await reservation.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var answeringModel = embeddings.Count > 0 ? embeddings[0].ModelId : null;
        var pricedModel = answeringModel is not null && BudgetRuntime.CatalogOf(session) is { } catalog && catalog.TryGetPrice(answeringModel, out _)
            ? answeringModel
            : model;
        if (embeddings.Usage is { } usage)
        {
            var tokens = usage.ToTokenUsage();
            if (await reservation.SettleUsageAsync(pricedModel, tokens).ConfigureAwait(false))
            {
                _metrics.RecordTokenUsage("embeddings", _providerName, model, answeringModel ?? model, tokens);
                BudgetRuntime.RecordCharge(_metrics, session, pricedModel, tokens, AgentBudgetTelemetry.CostKinds.Embedding,
                    _providerName, isEstimate: false);
            }
        }
        else
        {
            var estimate = TokenUsage.FromInputOutput(estimatedInput, 0);
            if (await reservation.SettleUsageAsync(pricedModel, estimate, isEstimate: true).ConfigureAwait(false))
            {
                BudgetRuntime.RecordCharge(_metrics, session, pricedModel, estimate, AgentBudgetTelemetry.CostKinds.Embedding,
                    _providerName, isEstimate: true);
            }
        }

        return embeddings;
    }
}
