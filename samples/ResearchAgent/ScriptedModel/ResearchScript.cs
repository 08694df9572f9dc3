using AgentBudget.Samples.ScriptedModel;

namespace ResearchAgent.ScriptedModel;

/// <summary>
/// What the embedded model answers to the sample's prompts. The first task's model never settles and keeps asking
/// for the same follow-up search (a stuck agent, caught by loop detection); the second task ends with a request for
/// a long report that does not fit in what is left of the budget.
/// </summary>
public static class ResearchScript
{
    /// <summary>The answer to one request.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The scripted answer.</returns>
    public static ScriptedAnswer Answer(ScriptedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prompt = request.LastUserMessage;
        var marketTask = prompt.Contains("market", StringComparison.OrdinalIgnoreCase);

        if (prompt.StartsWith("TASK: PLAN", StringComparison.Ordinal))
        {
            return marketTask
                ? new ScriptedAnswer("SEARCH: vector database market managed open-source\nSEARCH: pgvector hybrid search postgres")
                : new ScriptedAnswer("SEARCH: open-source vector database hybrid search\nSEARCH: reciprocal rank fusion explained");
        }

        if (prompt.StartsWith("TASK: SUMMARIZE", StringComparison.Ordinal))
        {
            return marketTask
                ? new ScriptedAnswer(
                    "Managed vector databases compete on price per million vectors; open-source engines (Weaviate, Qdrant, Milvus, "
                    + "pgvector) compete on hybrid search and filtering. Postgres users get hybrid search from pgvector plus "
                    + "full-text ranking fused with reciprocal rank fusion. Growth follows retrieval-augmented generation.",
                    ExtraOutputTokens: 40)
                : new ScriptedAnswer(
                    "Weaviate, Qdrant and Milvus all run keyword (BM25 or sparse) and dense vector retrieval together and fuse "
                    + "the lists, by default with reciprocal rank fusion (sum of 1/(k + rank), k about 60), which needs no score "
                    + "normalisation. Weaviate exposes an alpha weight between the two sides; Milvus merges several ANN requests "
                    + "with a reranker; Qdrant fuses sparse and dense prefetches.",
                    ExtraOutputTokens: 40);
        }

        if (prompt.StartsWith("TASK: NEXT", StringComparison.Ordinal))
        {
            // The first task's model is never satisfied and repeats itself: the tool call it asks for is identical
            // every round, which is exactly what loop detection is for.
            return marketTask
                ? new ScriptedAnswer("ANSWER: open-source engines lead on hybrid search; managed services on operations.")
                : new ScriptedAnswer("SEARCH: weaviate hybrid search alpha");
        }

        if (prompt.StartsWith("TASK: REPORT", StringComparison.Ordinal))
        {
            return new ScriptedAnswer("A long report.", ExtraOutputTokens: 12_000);
        }

        return new ScriptedAnswer("I can help with research questions.");
    }
}
