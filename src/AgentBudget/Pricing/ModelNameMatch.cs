namespace AgentBudget.Pricing;

/// <summary>How a requested model name was matched to a price (the resolution steps, in the order they are tried).</summary>
public enum ModelNameMatch
{
    /// <summary>The name is a model id or declared alias, exactly (ordinal).</summary>
    Exact = 0,

    /// <summary>The name matches an id or alias ignoring case (<c>GPT-4o</c>).</summary>
    CaseInsensitive = 1,

    /// <summary>The name matched after removing router/provider prefixes (<c>openrouter/openai/gpt-4o</c>).</summary>
    ProviderPrefix = 2,

    /// <summary>
    /// The name is a dated or versioned spelling (<c>-2024-08-06</c>, <c>-20250929</c>, <c>@20240620</c>, <c>-001</c>) of a
    /// model that declares <c>datedSuffixes</c>.
    /// </summary>
    DatedSuffix = 3,
}
