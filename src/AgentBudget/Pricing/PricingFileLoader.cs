using System;
using System.Collections.Generic;
using AgentBudget.Shared.Pricing;

namespace AgentBudget.Pricing;

/// <summary>
/// Run-time pricing files: System.Text.Json reads the text, the shared <see cref="PricingRules"/> validate it (the very
/// rules the generator applies at build time), and valid models become <see cref="ModelPrice"/>s.
/// </summary>
internal static class PricingFileLoader
{
    public static IReadOnlyList<ModelPrice> Load(string json, string sourceName, out IReadOnlyList<PricingFileError> warnings)
    {
        var parsed = SystemTextJsonPricingReader.Parse(json);
        var result = parsed.Error is not null
            ? new PricingValidationResult(null, new List<PricingProblem> { parsed.Error })
            : PricingRules.Validate(parsed.Root!, parsed.Lines);

        var errors = new List<PricingFileError>();
        var warningList = new List<PricingFileError>();
        foreach (var problem in result.Problems)
        {
            (PricingRules.IsError(problem.Code) ? errors : warningList).Add(ToError(problem));
        }

        if (errors.Count > 0)
        {
            throw new PricingFileException(sourceName, errors);
        }

        warnings = warningList;
        var file = result.File!;
        var prices = new List<ModelPrice>(file.Models.Count);
        foreach (var model in file.Models)
        {
            prices.Add(ToModelPrice(model, file.Provider));
        }

        return prices;
    }

    public static ModelPrice ToModelPrice(PricingModelData model, string provider)
    {
        var tiers = new List<LongContextTier>(model.Tiers.Count);
        foreach (var tier in model.Tiers)
        {
            tiers.Add(new LongContextTier(tier.Above, ToRates(tier.Rates)));
        }

        var aliases = new List<string>(model.Aliases.Count);
        foreach (var alias in model.Aliases)
        {
            aliases.Add(alias.Name);
        }

        DateTime? retires = model.Retires is { } date ? new DateTime(date.Year, date.Month, date.Day, 0, 0, 0, DateTimeKind.Utc) : null;
        return new ModelPrice(model.Id, provider, ToRates(model.Rates), tiers, model.BatchDiscountPercent, model.MaxOutputTokens, retires,
            aliases, model.DatedSuffixes, model.ContextWindow, model.Embedding);
    }

    private static PriceRates ToRates(PricingRatesData rates) => new(
        TokenRate.FromUsdPerMillionTokens(rates.Input),
        TokenRate.FromUsdPerMillionTokens(rates.Output),
        Optional(rates.CachedInput),
        Optional(rates.CacheWrite5m),
        Optional(rates.CacheWrite1h),
        Optional(rates.Reasoning));

    private static TokenRate? Optional(decimal? value) => value is { } v ? TokenRate.FromUsdPerMillionTokens(v) : null;

    private static PricingFileError ToError(PricingProblem problem) => new(problem.Code, problem.Message, problem.Line, problem.Column);

    /// <summary>
    /// Applies the shared price rules to a <see cref="ModelPrice"/> built in code (the <c>RegisterModel</c> path), so a
    /// registration cannot carry a price a pricing file would reject. Empty when valid.
    /// </summary>
    public static List<PricingFileError> Validate(ModelPrice price)
    {
        var errors = new List<PricingFileError>();
        AddIdProblem(errors, price.ModelId);
        foreach (var alias in price.Aliases)
        {
            AddIdProblem(errors, alias);
        }

        var owner = "model '" + price.ModelId + "'";
        AddRateProblems(errors, price.Rates, owner);
        for (var i = 0; i < price.LongContextTiers.Count; i++)
        {
            AddRateProblems(errors, price.LongContextTiers[i].Rates, "long-context tier " + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + " of " + owner);
        }

        return errors;
    }

    private static void AddIdProblem(List<PricingFileError> errors, string id)
    {
        if (PricingRules.CheckModelId(id) is { } message)
        {
            errors.Add(new PricingFileError(PricingProblemCodes.InvalidModelId, message, 0, 0));
        }
    }

    private static void AddRateProblems(List<PricingFileError> errors, PriceRates rates, string owner)
    {
        Add(errors, rates.Input, "\"input\" of " + owner);
        Add(errors, rates.Output, "\"output\" of " + owner);
        // Defaults repeat another rate; report a bad price once, where it was given.
        if (rates.CacheRead != rates.Input)
        {
            Add(errors, rates.CacheRead, "\"cachedInput\" of " + owner);
        }

        if (rates.CacheWrite5m != rates.Input)
        {
            Add(errors, rates.CacheWrite5m, "\"cacheWrite5m\" of " + owner);
        }

        if (rates.CacheWrite1h != rates.CacheWrite5m)
        {
            Add(errors, rates.CacheWrite1h, "\"cacheWrite1h\" of " + owner);
        }

        if (rates.Reasoning != rates.Output)
        {
            Add(errors, rates.Reasoning, "\"reasoning\" of " + owner);
        }
    }

    private static void Add(List<PricingFileError> errors, TokenRate rate, string what)
    {
        if (PricingRules.CheckPrice(rate.UsdPerMillionTokens, what) is { } problem)
        {
            errors.Add(new PricingFileError(problem.Key, problem.Value, 0, 0));
        }
    }
}
