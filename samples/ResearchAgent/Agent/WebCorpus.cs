namespace ResearchAgent.Agent;

/// <summary>
/// The web the sample's tools search: a handful of fixed pages, ranked by how many query words they contain. The
/// tools' costs are what the sample is about, so they stay local and deterministic even when the model is real.
/// </summary>
public sealed class WebCorpus
{
    private readonly List<(string Url, string Text)> _pages;

    /// <summary>Creates a corpus from pages.</summary>
    /// <param name="pages">The pages (address and text).</param>
    public WebCorpus(IEnumerable<(string Url, string Text)> pages) => _pages = pages.ToList();

    /// <summary>The pages the sample ships with.</summary>
    public static WebCorpus Default { get; } = new(
    [
        ("docs.example/weaviate/hybrid-search",
            "Weaviate hybrid search runs a BM25 keyword query and a vector query in parallel and fuses the two result lists. "
            + "The alpha parameter weights them: alpha 1 is pure vector search, alpha 0 is pure keyword search. Fusion is "
            + "ranked (reciprocal rank) or relative-score based."),
        ("docs.example/qdrant/hybrid-queries",
            "Qdrant combines sparse vectors (for example SPLADE or BM25 weights) with dense vectors in one query through "
            + "prefetch and a fusion step; reciprocal rank fusion is the default. Payload filters apply before scoring."),
        ("docs.example/milvus/multi-vector",
            "Milvus 2.4 added multi-vector hybrid search: several ANN requests over dense and sparse fields, merged by a "
            + "reranker (RRF or weighted). Sparse inverted indexes serve the keyword side."),
        ("blog.example/rrf-explained",
            "Reciprocal rank fusion scores a document by summing 1/(k + rank) over the result lists it appears in, with "
            + "k around 60. It needs no score normalisation, which is why most vector databases default to it."),
        ("blog.example/vector-db-market-2025",
            "The vector database market grew quickly as retrieval-augmented generation spread. Managed offerings compete "
            + "on price per million vectors stored and queried; open-source engines compete on hybrid search and filtering."),
        ("docs.example/pgvector/hnsw",
            "pgvector adds HNSW and IVFFlat indexes to PostgreSQL. Hybrid search is done in SQL by combining a full-text "
            + "ts_rank query with a vector distance query, usually with reciprocal rank fusion in a CTE."),
    ]);

    /// <summary>The two best matching page addresses for a query.</summary>
    /// <param name="query">The query.</param>
    /// <returns>Up to two addresses, best first.</returns>
    public IReadOnlyList<string> Search(string query)
    {
        var words = query.ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return _pages
            .Select((page, index) => (page.Url, Index: index, Score: words.Count(w => page.Text.Contains(w, StringComparison.OrdinalIgnoreCase) || page.Url.Contains(w, StringComparison.OrdinalIgnoreCase))))
            .Where(p => p.Score > 0)
            .OrderByDescending(p => p.Score)
            .ThenBy(p => p.Index)
            .Take(2)
            .Select(p => p.Url)
            .ToList();
    }

    /// <summary>The text of a page.</summary>
    /// <param name="url">The address.</param>
    /// <returns>The text, or a not-found message.</returns>
    public Task<string> FetchAsync(string url)
    {
        var page = _pages.FirstOrDefault(p => p.Url == url);
        return Task.FromResult(page.Text ?? "404: " + url + " not found.");
    }
}
