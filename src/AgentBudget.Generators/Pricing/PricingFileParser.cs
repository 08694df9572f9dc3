using System;
using System.Collections.Generic;
using System.Threading;
using AgentBudget.Generators.Common;
using AgentBudget.Generators.Pricing.Model;
using AgentBudget.Shared.Pricing;
using Microsoft.CodeAnalysis;

namespace AgentBudget.Generators.Pricing;

/// <summary>
/// Reads one pricing file with the shared hand-written reader and rules, and turns the result into pipeline models:
/// the position-free <see cref="PricingFileSpec"/> for the source branch, problems and name sites for the diagnostics
/// branch. Never throws (an unexpected failure becomes an AB1999 problem on the file).
/// </summary>
internal static class PricingFileParser
{
    public static PricingFileResult Parse(AdditionalText file, CancellationToken cancellationToken)
    {
        var path = file.Path ?? string.Empty;
        string? text;
        try
        {
            text = file.GetText(cancellationToken)?.ToString();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Failed(path, PricingFileFilter.FileName(path), "AB1999", exception.GetType().Name + ": " + exception.Message);
        }

        return Parse(path, text);
    }

    public static PricingFileResult Parse(string path, string? text)
    {
        var fileName = PricingFileFilter.FileName(path);
        try
        {
            if (text is null)
            {
                return Failed(path, fileName, PricingProblemCodes.MalformedJson, "The file could not be read.");
            }

            var validation = PricingRules.Validate(text);
            var problems = new List<PricingDiagnosticInfo>();
            foreach (var problem in validation.Problems)
            {
                problems.Add(new PricingDiagnosticInfo(problem.Code, problem.Message, path, ToPosition(problem.Span)));
            }

            var file = validation.File;
            var models = new List<PricingModelSpec>();
            var names = new List<PricingNameSite>();
            if (file is not null)
            {
                foreach (var model in file.Models)
                {
                    models.Add(ToSpec(model, file.Provider));
                    names.Add(new PricingNameSite(model.Id, model.Id, false, ToPosition(model.IdSpan)));
                    foreach (var alias in model.Aliases)
                    {
                        names.Add(new PricingNameSite(alias.Name, model.Id, true, ToPosition(alias.Span)));
                    }
                }
            }

            var spec = new PricingFileSpec(path, fileName, file?.Provider ?? string.Empty, file?.Source ?? string.Empty,
                file?.CheckedOn?.ToString(), new EquatableArray<PricingModelSpec>(models));
            return new PricingFileResult(path, spec, new EquatableArray<PricingDiagnosticInfo>(problems), new EquatableArray<PricingNameSite>(names));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Failed(path, fileName, "AB1999", exception.GetType().Name + ": " + exception.Message);
        }
    }

    private static PricingFileResult Failed(string path, string fileName, string code, string message)
    {
        var problem = new PricingDiagnosticInfo(code, message, path, new TextPositionInfo(0, 0, 0, 0, 0, 0));
        return new PricingFileResult(path, new PricingFileSpec(path, fileName, string.Empty, string.Empty, null, EquatableArray<PricingModelSpec>.Empty),
            new EquatableArray<PricingDiagnosticInfo>(new[] { problem }), EquatableArray<PricingNameSite>.Empty);
    }

    private static PricingModelSpec ToSpec(PricingModelData model, string provider)
    {
        var tiers = new List<PricingTierSpec>();
        foreach (var tier in model.Tiers)
        {
            tiers.Add(new PricingTierSpec(tier.Above, ToSpec(tier.Rates)));
        }

        var aliases = new List<string>();
        foreach (var alias in model.Aliases)
        {
            aliases.Add(alias.Name);
        }

        return new PricingModelSpec(model.Id, provider, ToSpec(model.Rates), new EquatableArray<PricingTierSpec>(tiers),
            model.BatchDiscountPercent, model.MaxOutputTokens, model.ContextWindow, new EquatableArray<string>(aliases),
            model.DatedSuffixes, model.Retires?.ToString(), model.Embedding);
    }

    private static PricingRatesSpec ToSpec(PricingRatesData rates) => new(
        Picodollars(rates.Input), Picodollars(rates.Output), Optional(rates.CachedInput), Optional(rates.CacheWrite5m),
        Optional(rates.CacheWrite1h), Optional(rates.Reasoning));

    // The rules guarantee at most six decimals and at most $1,000,000 per million, so this is exact and fits a long.
    private static long Picodollars(decimal usdPerMillion) => (long)(usdPerMillion * 1_000_000m);

    private static long? Optional(decimal? usdPerMillion) => usdPerMillion is { } value ? Picodollars(value) : null;

    public static TextPositionInfo ToPosition(PricingTextSpan span)
        => new(span.Offset, span.Length, span.StartLine, span.StartColumn, span.EndLine, span.EndColumn);
}
