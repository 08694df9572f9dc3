using System;
using AgentBudget;
using AgentBudget.Extensions.AI;
using AgentBudget.Extensions.AI.Internal;
using AgentBudget.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.AI;

/// <summary>Adds AgentBudget to <see cref="EmbeddingGeneratorBuilder{TInput, TEmbedding}"/> pipelines.</summary>
public static class EmbeddingGeneratorBuilderBudgetExtensions
{
    /// <summary>Adds a <see cref="BudgetEmbeddingGenerator{TInput, TEmbedding}"/> charging <paramref name="session"/>.</summary>
    public static EmbeddingGeneratorBuilder<TInput, TEmbedding> UseBudget<TInput, TEmbedding>(
        this EmbeddingGeneratorBuilder<TInput, TEmbedding> builder, BudgetSession session)
        where TEmbedding : Embedding
        => builder.UseBudget(SessionResolvers.Fixed(session));

    /// <summary>
    /// Adds a <see cref="BudgetEmbeddingGenerator{TInput, TEmbedding}"/> charging the session the resolver returns at
    /// each call; without a resolver, the ambient session.
    /// </summary>
    public static EmbeddingGeneratorBuilder<TInput, TEmbedding> UseBudget<TInput, TEmbedding>(
        this EmbeddingGeneratorBuilder<TInput, TEmbedding> builder, Func<BudgetSession>? sessionResolver = null)
        where TEmbedding : Embedding
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        var resolver = sessionResolver ?? SessionResolvers.Ambient;
        return builder.Use((inner, services) =>
            new BudgetEmbeddingGenerator<TInput, TEmbedding>(inner, resolver, services.GetService<AgentBudgetMetrics>()));
    }
}
