using System.Collections.Generic;

namespace AgentBudget.Shared.Pricing;

/// <summary>A validated pricing file: plain data, prices as exact decimals in USD per million tokens.</summary>
internal sealed class PricingFileData
{
    public PricingFileData(int schemaVersion, string provider, string source, PricingDate? checkedOn, List<PricingModelData> models)
    {
        SchemaVersion = schemaVersion;
        Provider = provider;
        Source = source;
        CheckedOn = checkedOn;
        Models = models;
    }

    public int SchemaVersion { get; }

    public string Provider { get; }

    public string Source { get; }

    public PricingDate? CheckedOn { get; }

    /// <summary>The models that passed validation, in file order. A model with any error is left out.</summary>
    public List<PricingModelData> Models { get; }
}

/// <summary>One priced model of a file.</summary>
internal sealed class PricingModelData
{
    public PricingModelData(string id, PricingTextSpan idSpan, PricingRatesData rates)
    {
        Id = id;
        IdSpan = idSpan;
        Rates = rates;
    }

    public string Id { get; }

    /// <summary>Where the model's key is written (for duplicate reports across files).</summary>
    public PricingTextSpan IdSpan { get; }

    public PricingRatesData Rates { get; }

    public List<PricingTierData> Tiers { get; } = new();

    public int BatchDiscountPercent { get; set; }

    public int? MaxOutputTokens { get; set; }

    public int? ContextWindow { get; set; }

    public List<PricingAliasData> Aliases { get; } = new();

    public bool DatedSuffixes { get; set; }

    public PricingDate? Retires { get; set; }

    public bool Embedding { get; set; }

    public string? Note { get; set; }
}

/// <summary>A set of prices in USD per million tokens; optional ones are null when the file leaves them out.</summary>
internal sealed class PricingRatesData
{
    public PricingRatesData(decimal input, decimal output, decimal? cachedInput, decimal? cacheWrite5m, decimal? cacheWrite1h, decimal? reasoning)
    {
        Input = input;
        Output = output;
        CachedInput = cachedInput;
        CacheWrite5m = cacheWrite5m;
        CacheWrite1h = cacheWrite1h;
        Reasoning = reasoning;
    }

    public decimal Input { get; }

    public decimal Output { get; }

    public decimal? CachedInput { get; }

    public decimal? CacheWrite5m { get; }

    public decimal? CacheWrite1h { get; }

    public decimal? Reasoning { get; }
}

/// <summary>A long-context tier: its prices apply to every bucket when the prompt has more than <see cref="Above"/> tokens.</summary>
internal sealed class PricingTierData
{
    public PricingTierData(long above, PricingRatesData rates)
    {
        Above = above;
        Rates = rates;
    }

    public long Above { get; }

    public PricingRatesData Rates { get; }
}

/// <summary>An alias and where it is written.</summary>
internal sealed class PricingAliasData
{
    public PricingAliasData(string name, PricingTextSpan span)
    {
        Name = name;
        Span = span;
    }

    public string Name { get; }

    public PricingTextSpan Span { get; }
}

/// <summary>The outcome of validating one file: the valid data (possibly partial) and every problem found.</summary>
internal sealed class PricingValidationResult
{
    public PricingValidationResult(PricingFileData? file, List<PricingProblem> problems)
    {
        File = file;
        Problems = problems;
    }

    /// <summary>Null only when the file is not JSON or not an object.</summary>
    public PricingFileData? File { get; }

    public List<PricingProblem> Problems { get; }

    /// <summary>True when a problem is an error (everything except <see cref="PricingProblemCodes.ImplausiblePrice"/>).</summary>
    public bool HasErrors
    {
        get
        {
            foreach (var problem in Problems)
            {
                if (PricingRules.IsError(problem.Code))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
