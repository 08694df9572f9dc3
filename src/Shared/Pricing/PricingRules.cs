using System;
using System.Collections.Generic;
using System.Globalization;

namespace AgentBudget.Shared.Pricing;

/// <summary>
/// The one set of validation rules for pricing files (docs/pricing-format.md). The source generator runs them at
/// build time and the runtime loader at run time, compiled from this same source into both, so the two cannot drift.
/// </summary>
internal static class PricingRules
{
    /// <summary>The only schema version this build reads.</summary>
    public const int SupportedSchemaVersion = 1;

    /// <summary>Most decimals a price may have: six decimals of USD per million tokens is one picodollar per token.</summary>
    public const int MaxPriceDecimals = 6;

    /// <summary>A non-zero price below this (USD per million tokens) is almost certainly a per-token price.</summary>
    public const decimal SmallestPlausiblePrice = 0.0001m;

    /// <summary>A price above this (USD per million tokens, i.e. $1 per token) is in the wrong unit.</summary>
    public const decimal LargestPlausiblePrice = 1_000_000m;

    /// <summary>Longest accepted model id or alias.</summary>
    public const int MaxModelIdLength = 200;

    /// <summary>True for problems that fail a build or a load; false for warnings.</summary>
    public static bool IsError(string code) => code != PricingProblemCodes.ImplausiblePrice;

    /// <summary>Reads and validates a pricing file's text.</summary>
    public static PricingValidationResult Validate(string text)
    {
        var parsed = PricingJsonReader.Parse(text);
        if (parsed.Error is not null)
        {
            return new PricingValidationResult(null, new List<PricingProblem> { parsed.Error });
        }

        return Validate(parsed.Root!, parsed.Lines);
    }

    /// <summary>Validates a document read by either reader.</summary>
    public static PricingValidationResult Validate(PricingJsonNode root, PricingLineMap lines) => new Validator(lines).ValidateFile(root);

    /// <summary>
    /// Checks one price given as a number (the API path, e.g. <c>PriceCatalog.RegisterModel</c>): the same rules as
    /// a price in a file. Returns null when the price is valid, otherwise the problem code and message.
    /// </summary>
    public static KeyValuePair<string, string>? CheckPrice(decimal value, string what)
    {
        if (value < 0)
        {
            return Pair(PricingProblemCodes.NegativePrice, NegativeMessage(what, PricingNumber.Format(value)));
        }

        if (value != 0 && value < SmallestPlausiblePrice)
        {
            return Pair(PricingProblemCodes.PriceInWrongUnit, PerTokenMessage(what, value));
        }

        if (value > LargestPlausiblePrice)
        {
            return Pair(PricingProblemCodes.PriceInWrongUnit, TooLargeMessage(what, PricingNumber.Format(value)));
        }

        var scaled = value * 1_000_000m;
        if (scaled != decimal.Truncate(scaled))
        {
            return Pair(PricingProblemCodes.TooManyDecimals, TooManyDecimalsMessage(what, value));
        }

        return null;
    }

    /// <summary>Null when <paramref name="id"/> is a valid model id or alias; otherwise why not.</summary>
    public static string? CheckModelId(string? id)
    {
        if (id is null || id.Length == 0)
        {
            return "A model id or alias cannot be empty.";
        }

        if (id.Length > MaxModelIdLength)
        {
            return "The model id '" + id.Substring(0, 40) + "…' is longer than " + MaxModelIdLength.ToString(CultureInfo.InvariantCulture)
                + " characters.";
        }

        foreach (var c in id)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return "The model id '" + id + "' contains whitespace or a control character; providers match model ids verbatim, so remove it.";
            }
        }

        return null;
    }

    private static KeyValuePair<string, string> Pair(string code, string message) => new(code, message);

    private static string NegativeMessage(string what, string text)
        => what + " is negative (" + text + "); prices are USD per million tokens and cannot be below zero.";

    private static string PerTokenMessage(string what, decimal value)
        => what + " is " + PricingNumber.Format(value) + ", which looks like a price per token; pricing files use USD per million tokens, so write "
            + PricingNumber.Format(value * 1_000_000m) + ".";

    private static string TooLargeMessage(string what, string text)
        => what + " is " + text + " USD per million tokens (more than $1 per token), which is almost certainly the wrong unit; pricing files use USD per million tokens.";

    private static string TooManyDecimalsMessage(string what, decimal value)
        => what + " has more than " + MaxPriceDecimals.ToString(CultureInfo.InvariantCulture) + " decimals (" + PricingNumber.Format(value)
            + "); prices are USD per million tokens with at most six decimals (one picodollar per token), e.g. "
            + PricingNumber.Format(Math.Round(value, MaxPriceDecimals, MidpointRounding.AwayFromZero)) + ".";

    private sealed class Validator
    {
        private readonly PricingLineMap _lines;
        private readonly List<PricingProblem> _problems = new();

        // Every model id and alias of the file, case-insensitively: a second spelling that differs only in case would
        // make case-insensitive resolution ambiguous, so it is a duplicate too.
        private readonly Dictionary<string, NameSite> _names = new(StringComparer.OrdinalIgnoreCase);

        public Validator(PricingLineMap lines) => _lines = lines;

        public PricingValidationResult ValidateFile(PricingJsonNode root)
        {
            if (root.Kind != PricingJsonKind.Object)
            {
                Report(PricingProblemCodes.InvalidValue, "A pricing file is a JSON object with schemaVersion, provider, source, checked and models; found "
                    + root.Describe() + ".", root);
                return new PricingValidationResult(null, _problems);
            }

            PricingJsonProperty? schemaVersion = null, provider = null, source = null, checkedOn = null, models = null;
            foreach (var property in UniqueProperties(root, "the file"))
            {
                switch (property.Name)
                {
                    case "$schema": break;
                    case "schemaVersion": schemaVersion = property; break;
                    case "provider": provider = property; break;
                    case "source": source = property; break;
                    case "checked": checkedOn = property; break;
                    case "models": models = property; break;
                    default: ReportUnknown(property, PricingSchema.FileProperties, "at the top level of the file"); break;
                }
            }

            var version = 0;
            if (schemaVersion is null)
            {
                ReportMissingTop(root, "schemaVersion", "add \"schemaVersion\": " + SupportedSchemaVersion.ToString(CultureInfo.InvariantCulture) + ".");
            }
            else if (!TryReadInteger(schemaVersion.Value, out var v) || v != SupportedSchemaVersion)
            {
                Report(PricingProblemCodes.UnsupportedSchemaVersion, "schemaVersion " + Show(schemaVersion.Value)
                    + " is not supported; this version of AgentBudget reads schemaVersion " + SupportedSchemaVersion.ToString(CultureInfo.InvariantCulture)
                    + ". Use the format in docs/pricing-format.md or update AgentBudget.", schemaVersion.Value);
            }
            else
            {
                version = (int)v;
            }

            var providerId = string.Empty;
            if (provider is null)
            {
                ReportMissingTop(root, "provider", "add the lower-case provider id, e.g. \"provider\": \"openai\".");
            }
            else if (provider.Value.Kind != PricingJsonKind.String || !IsProviderId(provider.Value.Text!))
            {
                Report(PricingProblemCodes.InvalidValue, "\"provider\" must be a lower-case provider id such as \"openai\" or \"meta-llama\" (letters, digits, '-', '.'); found "
                    + Show(provider.Value) + ".", provider.Value);
            }
            else
            {
                providerId = provider.Value.Text!;
            }

            var sourceText = string.Empty;
            if (source is null)
            {
                ReportMissingTop(root, "source", "say where the prices were read (name and address of the price page).");
            }
            else if (source.Value.Kind != PricingJsonKind.String || source.Value.Text!.Trim().Length == 0)
            {
                Report(PricingProblemCodes.InvalidValue, "\"source\" must be a non-empty string naming where the prices were read; found "
                    + Show(source.Value) + ".", source.Value);
            }
            else
            {
                sourceText = source.Value.Text!;
            }

            PricingDate? checkedDate = null;
            if (checkedOn is null)
            {
                ReportMissingTop(root, "checked", "add the ISO date the prices were checked, e.g. \"checked\": \"2026-11-01\".");
            }
            else if (TryReadDate(checkedOn.Value, "\"checked\"", out var date))
            {
                checkedDate = date;
            }

            var modelList = new List<PricingModelData>();
            if (models is null)
            {
                ReportMissingTop(root, "models", "add \"models\": { \"model-id\": { \"input\": …, \"output\": … } }.");
            }
            else if (models.Value.Kind != PricingJsonKind.Object)
            {
                Report(PricingProblemCodes.InvalidValue, "\"models\" must be an object mapping model ids to prices; found " + models.Value.Describe() + ".", models.Value);
            }
            else
            {
                foreach (var entry in models.Value.Properties)
                {
                    var model = ValidateModel(entry);
                    if (model is not null)
                    {
                        modelList.Add(model);
                    }
                }
            }

            return new PricingValidationResult(new PricingFileData(version, providerId, sourceText, checkedDate, modelList), InFileOrder());
        }

        private PricingModelData? ValidateModel(PricingJsonProperty entry)
        {
            var id = entry.Name;
            var idProblem = CheckModelId(id);
            if (idProblem is not null)
            {
                ReportAt(PricingProblemCodes.InvalidModelId, idProblem, entry.NameOffset, entry.NameLength);
                return null;
            }

            var idSpan = _lines.Span(entry.NameOffset, entry.NameLength);
            var idIsUnique = Claim(id, id, false, idSpan);
            var node = entry.Value;
            if (node.Kind != PricingJsonKind.Object)
            {
                Report(PricingProblemCodes.InvalidValue, "Model '" + id + "' must be an object with at least \"input\" and \"output\" prices; found " + node.Describe() + ".", node);
                return null;
            }

            var errorsBefore = ErrorCount();
            var owner = "model '" + id + "'";
            PricingJsonProperty? longContext = null, batch = null, maxOutput = null, context = null, aliases = null, dated = null,
                retires = null, embedding = null, note = null;
            var prices = new PriceProperties();
            foreach (var property in UniqueProperties(node, owner))
            {
                if (prices.Accept(property))
                {
                    continue;
                }

                switch (property.Name)
                {
                    case "longContext": longContext = property; break;
                    case "batchDiscountPercent": batch = property; break;
                    case "maxOutputTokens": maxOutput = property; break;
                    case "contextWindow": context = property; break;
                    case "aliases": aliases = property; break;
                    case "datedSuffixes": dated = property; break;
                    case "retires": retires = property; break;
                    case "embedding": embedding = property; break;
                    case "note": note = property; break;
                    default: ReportUnknown(property, PricingSchema.ModelProperties, "in " + owner); break;
                }
            }

            var isEmbedding = false;
            if (embedding is not null)
            {
                TryReadBoolean(embedding.Value, "\"embedding\" of " + owner, out isEmbedding);
            }

            var rates = ReadRates(prices, owner, entry.NameOffset, entry.NameLength, outputOptional: isEmbedding);
            var model = rates is null ? null : new PricingModelData(id, idSpan, rates) { Embedding = isEmbedding };

            if (longContext is not null)
            {
                ReadTiers(longContext.Value, owner, model);
            }

            if (batch is not null && TryReadInteger(batch.Value, out var percent, 0, 100, "\"batchDiscountPercent\" of " + owner, "a whole percentage from 0 to 100"))
            {
                model?.BatchDiscountPercent = (int)percent;
            }

            if (maxOutput is not null && TryReadInteger(maxOutput.Value, out var maxTokens, 1, int.MaxValue, "\"maxOutputTokens\" of " + owner, "a positive whole number of tokens"))
            {
                model?.MaxOutputTokens = (int)maxTokens;
            }

            if (context is not null && TryReadInteger(context.Value, out var window, 1, int.MaxValue, "\"contextWindow\" of " + owner, "a positive whole number of tokens"))
            {
                model?.ContextWindow = (int)window;
            }

            if (dated is not null && TryReadBoolean(dated.Value, "\"datedSuffixes\" of " + owner, out var allowsDated))
            {
                model?.DatedSuffixes = allowsDated;
            }

            if (retires is not null && TryReadDate(retires.Value, "\"retires\" of " + owner, out var retirement))
            {
                model?.Retires = retirement;
            }

            if (note is not null)
            {
                if (note.Value.Kind != PricingJsonKind.String)
                {
                    Report(PricingProblemCodes.InvalidValue, "\"note\" of " + owner + " must be a string; found " + note.Value.Describe() + ".", note.Value);
                }
                else
                {
                    model?.Note = note.Value.Text;
                }
            }

            if (aliases is not null)
            {
                ReadAliases(aliases.Value, id, owner, model);
            }

            if (model is not null)
            {
                CheckPlausibility(model.Rates, prices, owner);
            }

            return model is not null && idIsUnique && ErrorCount() == errorsBefore ? model : null;
        }

        private void ReadTiers(PricingJsonNode node, string owner, PricingModelData? model)
        {
            if (node.Kind != PricingJsonKind.Array)
            {
                Report(PricingProblemCodes.InvalidValue, "\"longContext\" of " + owner + " must be an array of tiers { \"above\": tokens, \"input\": …, \"output\": … }; found "
                    + node.Describe() + ".", node);
                return;
            }

            long previous = 0;
            for (var i = 0; i < node.Items.Count; i++)
            {
                var tierNode = node.Items[i];
                var tierName = "long-context tier " + (i + 1).ToString(CultureInfo.InvariantCulture) + " of " + owner;
                if (tierNode.Kind != PricingJsonKind.Object)
                {
                    Report(PricingProblemCodes.InvalidValue, "The " + tierName + " must be an object; found " + tierNode.Describe() + ".", tierNode);
                    continue;
                }

                PricingJsonProperty? above = null;
                var prices = new PriceProperties();
                foreach (var property in UniqueProperties(tierNode, "the " + tierName))
                {
                    if (prices.Accept(property))
                    {
                        continue;
                    }

                    if (property.Name == "above")
                    {
                        above = property;
                    }
                    else
                    {
                        ReportUnknown(property, PricingSchema.TierProperties, "in the " + tierName);
                    }
                }

                long threshold = 0;
                var thresholdOk = false;
                if (above is null)
                {
                    ReportAt(PricingProblemCodes.MissingProperty, "The " + tierName + " has no \"above\"; add the prompt size in tokens above which the tier applies.",
                        tierNode.Offset, 1);
                }
                else if (!TryReadInteger(above.Value, out threshold))
                {
                    Report(PricingProblemCodes.InvalidValue, "\"above\" of the " + tierName + " must be a whole number of tokens; found " + Show(above.Value) + ".", above.Value);
                }
                else if (threshold <= previous)
                {
                    Report(PricingProblemCodes.TierNotIncreasing, previous == 0
                        ? "\"above\" of the " + tierName + " is " + threshold.ToString(CultureInfo.InvariantCulture) + "; a tier threshold must be a positive number of tokens."
                        : "\"above\" of the " + tierName + " is " + threshold.ToString(CultureInfo.InvariantCulture)
                            + ", not above the previous tier's " + previous.ToString(CultureInfo.InvariantCulture)
                            + "; list tiers in strictly increasing \"above\" order.", above.Value);
                }
                else
                {
                    thresholdOk = true;
                    previous = threshold;
                }

                var rates = ReadRates(prices, "the " + tierName, tierNode.Offset, 1, outputOptional: false);
                if (rates is not null)
                {
                    CheckPlausibility(rates, prices, "the " + tierName);
                }

                if (rates is not null && thresholdOk)
                {
                    model?.Tiers.Add(new PricingTierData(threshold, rates));
                }
            }
        }

        private void ReadAliases(PricingJsonNode node, string id, string owner, PricingModelData? model)
        {
            if (node.Kind != PricingJsonKind.Array)
            {
                Report(PricingProblemCodes.InvalidValue, "\"aliases\" of " + owner + " must be an array of model ids; found " + node.Describe() + ".", node);
                return;
            }

            foreach (var item in node.Items)
            {
                if (item.Kind != PricingJsonKind.String)
                {
                    Report(PricingProblemCodes.InvalidValue, "Each alias of " + owner + " must be a string; found " + item.Describe() + ".", item);
                    continue;
                }

                var alias = item.Text!;
                var problem = CheckModelId(alias);
                if (problem is not null)
                {
                    Report(PricingProblemCodes.InvalidModelId, problem, item);
                    continue;
                }

                var span = _lines.Span(item.Offset, item.Length);
                if (Claim(alias, id, true, span))
                {
                    model?.Aliases.Add(new PricingAliasData(alias, span));
                }
            }
        }

        private PricingRatesData? ReadRates(PriceProperties prices, string owner, int ownerOffset, int ownerLength, bool outputOptional)
        {
            var ok = true;
            decimal input = 0, output = 0;
            if (prices.Input is null)
            {
                ReportAt(PricingProblemCodes.MissingProperty, Capitalize(owner) + " has no \"input\" price; add \"input\": <USD per million prompt tokens>.", ownerOffset, ownerLength);
                ok = false;
            }
            else
            {
                ok &= TryReadPrice(prices.Input.Value, "\"input\" of " + owner, out input);
            }

            if (prices.Output is null)
            {
                if (!outputOptional)
                {
                    ReportAt(PricingProblemCodes.MissingProperty, Capitalize(owner) + " has no \"output\" price; add \"output\": <USD per million output tokens>"
                        + " (an embedding model may set \"embedding\": true instead).", ownerOffset, ownerLength);
                    ok = false;
                }
            }
            else
            {
                ok &= TryReadPrice(prices.Output.Value, "\"output\" of " + owner, out output);
            }

            var cachedInput = ReadOptionalPrice(prices.CachedInput, "cachedInput", owner, ref ok);
            var cacheWrite5m = ReadOptionalPrice(prices.CacheWrite5m, "cacheWrite5m", owner, ref ok);
            var cacheWrite1h = ReadOptionalPrice(prices.CacheWrite1h, "cacheWrite1h", owner, ref ok);
            var reasoning = ReadOptionalPrice(prices.Reasoning, "reasoning", owner, ref ok);
            return ok ? new PricingRatesData(input, output, cachedInput, cacheWrite5m, cacheWrite1h, reasoning) : null;
        }

        private decimal? ReadOptionalPrice(PricingJsonProperty? property, string name, string owner, ref bool ok)
        {
            if (property is null)
            {
                return null;
            }

            if (TryReadPrice(property.Value, "\"" + name + "\" of " + owner, out var value))
            {
                return value;
            }

            ok = false;
            return null;
        }

        private bool TryReadPrice(PricingJsonNode node, string what, out decimal value)
        {
            value = 0;
            if (node.Kind != PricingJsonKind.Number)
            {
                var hint = node.Kind == PricingJsonKind.String && PricingNumber.TryParse(node.Text!.Trim(), out var inString)
                    ? "; write it as a JSON number without quotes: " + PricingNumber.Format(inString) + "."
                    : "; a price is a JSON number in USD per million tokens (use 0 for free).";
                Report(PricingProblemCodes.PriceNotANumber, what + " is " + Show(node) + ", not a number" + hint, node);
                return false;
            }

            var text = node.Text!;
            if (PricingNumber.IsNegative(text))
            {
                Report(PricingProblemCodes.NegativePrice, NegativeMessage(what, text), node);
                return false;
            }

            if (!PricingNumber.TryParse(text, out value))
            {
                Report(PricingProblemCodes.PriceNotANumber, what + " (" + text + ") is too large to be a price; prices are USD per million tokens.", node);
                return false;
            }

            if (!PricingNumber.IsZero(text) && (value == 0 || value < SmallestPlausiblePrice))
            {
                // value == 0 here means decimal flushed a tiny number like 1e-30 to zero: still a per-token price.
                Report(PricingProblemCodes.PriceInWrongUnit, value == 0
                    ? what + " is " + text + ", which is far too small to be a price per million tokens; pricing files use USD per million tokens."
                    : PerTokenMessage(what, value), node);
                return false;
            }

            if (value > LargestPlausiblePrice)
            {
                Report(PricingProblemCodes.PriceInWrongUnit, TooLargeMessage(what, text), node);
                return false;
            }

            if (PricingNumber.DecimalPlaces(text) > MaxPriceDecimals)
            {
                Report(PricingProblemCodes.TooManyDecimals, TooManyDecimalsMessage(what, value), node);
                return false;
            }

            return true;
        }

        private void CheckPlausibility(PricingRatesData rates, PriceProperties prices, string owner)
        {
            // Warnings only: these are legal but are the shape of the data errors found in public price lists
            // (a 1-hour cache write cheaper than the 5-minute one; a cache read dearer than a plain read).
            if (rates.CachedInput is { } cached && cached > rates.Input)
            {
                Report(PricingProblemCodes.ImplausiblePrice, "\"cachedInput\" of " + owner + " (" + PricingNumber.Format(cached) + ") is above \"input\" ("
                    + PricingNumber.Format(rates.Input) + "); cache reads are discounted input, so check the provider's price page.", prices.CachedInput!.Value);
            }

            var write5m = rates.CacheWrite5m ?? rates.Input;
            if (rates.CacheWrite1h is { } write1h && write1h < write5m)
            {
                Report(PricingProblemCodes.ImplausiblePrice, "\"cacheWrite1h\" of " + owner + " (" + PricingNumber.Format(write1h) + ") is below the 5-minute cache write ("
                    + PricingNumber.Format(write5m) + "); a longer cache lifetime costs more, so check the provider's price page.", prices.CacheWrite1h!.Value);
            }
        }

        private bool TryReadInteger(PricingJsonNode node, out long value, long min, long max, string what, string expected)
        {
            if (TryReadInteger(node, out value) && value >= min && value <= max)
            {
                return true;
            }

            Report(PricingProblemCodes.InvalidValue, what + " must be " + expected + "; found " + Show(node) + ".", node);
            return false;
        }

        private static bool TryReadInteger(PricingJsonNode node, out long value)
        {
            value = 0;
            if (node.Kind != PricingJsonKind.Number || !PricingNumber.TryParse(node.Text!, out var number)
                || number != decimal.Truncate(number) || number > long.MaxValue || number < long.MinValue)
            {
                return false;
            }

            value = (long)number;
            return true;
        }

        private bool TryReadBoolean(PricingJsonNode node, string what, out bool value)
        {
            value = node.Kind == PricingJsonKind.True;
            if (node.Kind is PricingJsonKind.True or PricingJsonKind.False)
            {
                return true;
            }

            Report(PricingProblemCodes.InvalidValue, what + " must be true or false; found " + Show(node) + ".", node);
            return false;
        }

        private bool TryReadDate(PricingJsonNode node, string what, out PricingDate date)
        {
            if (node.Kind == PricingJsonKind.String && PricingDate.TryParse(node.Text, out date))
            {
                return true;
            }

            date = default;
            Report(PricingProblemCodes.InvalidDate, what + " must be an ISO date yyyy-MM-dd that exists on the calendar, such as \"2026-11-01\"; found "
                + Show(node) + ".", node);
            return false;
        }

        private bool Claim(string name, string modelId, bool isAlias, PricingTextSpan span)
        {
            if (_names.TryGetValue(name, out var existing))
            {
                var what = isAlias ? "The alias '" + name + "' of model '" + modelId + "'" : "The model id '" + name + "'";
                var earlier = existing.IsAlias
                    ? "an alias of model '" + existing.ModelId + "'"
                    : "model '" + existing.ModelId + "'";
                var sameCase = string.Equals(existing.Name, name, StringComparison.Ordinal);
                ReportAt(PricingProblemCodes.DuplicateModel, what + " is already defined as " + earlier + " at line "
                    + (existing.Span.StartLine + 1).ToString(CultureInfo.InvariantCulture) + ", column " + (existing.Span.StartColumn + 1).ToString(CultureInfo.InvariantCulture)
                    + (sameCase ? string.Empty : " (ids are compared case-insensitively)")
                    + "; each model id and alias may be defined once. Remove one, or use a different id.", span.Offset, span.Length);
                return false;
            }

            _names.Add(name, new NameSite(name, modelId, isAlias, span));
            return true;
        }

        private IEnumerable<PricingJsonProperty> UniqueProperties(PricingJsonNode node, string owner)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in node.Properties)
            {
                if (!seen.Add(property.Name))
                {
                    ReportAt(PricingProblemCodes.DuplicateProperty, "The property \"" + property.Name + "\" appears twice in " + owner
                        + "; JSON readers disagree on which copy wins, so keep exactly one.", property.NameOffset, property.NameLength);
                    continue;
                }

                yield return property;
            }
        }

        private void ReportUnknown(PricingJsonProperty property, string[] known, string where)
        {
            var suggestion = PricingSchema.Suggest(known, property.Name);
            var hint = suggestion is not null
                ? "did you mean \"" + suggestion + "\"?"
                : "the known properties are " + PricingSchema.List(known) + ".";
            ReportAt(PricingProblemCodes.UnknownProperty, "Unknown property \"" + property.Name + "\" " + where + "; " + hint
                + " Unknown properties are errors so that a typo cannot silently drop a price.", property.NameOffset, property.NameLength);
        }

        /// <summary>Problems sorted by position (stable), so messages and exceptions read top to bottom.</summary>
        private List<PricingProblem> InFileOrder()
        {
            var ordered = new List<PricingProblem>(_problems.Count);
            foreach (var problem in _problems)
            {
                var at = ordered.Count;
                while (at > 0 && ordered[at - 1].Span.Offset > problem.Span.Offset)
                {
                    at--;
                }

                ordered.Insert(at, problem);
            }

            return ordered;
        }

        private void ReportMissingTop(PricingJsonNode root, string name, string fix)
            => ReportAt(PricingProblemCodes.MissingProperty, "The pricing file has no \"" + name + "\"; " + fix, root.Offset, 1);

        private void Report(string code, string message, PricingJsonNode node) => ReportAt(code, message, node.Offset, node.Length);

        private void ReportAt(string code, string message, int offset, int length)
            => _problems.Add(new PricingProblem(code, message, _lines.Span(offset, length)));

        private int ErrorCount()
        {
            var count = 0;
            foreach (var problem in _problems)
            {
                if (IsError(problem.Code))
                {
                    count++;
                }
            }

            return count;
        }

        private static bool IsProviderId(string text)
        {
            if (text.Length == 0 || text.Length > 64)
            {
                return false;
            }

            foreach (var c in text)
            {
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
                {
                    return false;
                }
            }

            return true;
        }

        private static string Show(PricingJsonNode node) => node.Kind switch
        {
            PricingJsonKind.String => "\"" + node.Text + "\"",
            PricingJsonKind.Number => node.Text!,
            _ => node.Describe(),
        };

        private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
    }

    /// <summary>Collects the price properties an object (a model or a tier) may carry.</summary>
    private sealed class PriceProperties
    {
        public PricingJsonProperty? Input { get; private set; }

        public PricingJsonProperty? Output { get; private set; }

        public PricingJsonProperty? CachedInput { get; private set; }

        public PricingJsonProperty? CacheWrite5m { get; private set; }

        public PricingJsonProperty? CacheWrite1h { get; private set; }

        public PricingJsonProperty? Reasoning { get; private set; }

        public bool Accept(PricingJsonProperty property)
        {
            switch (property.Name)
            {
                case "input": Input = property; return true;
                case "output": Output = property; return true;
                case "cachedInput": CachedInput = property; return true;
                case "cacheWrite5m": CacheWrite5m = property; return true;
                case "cacheWrite1h": CacheWrite1h = property; return true;
                case "reasoning": Reasoning = property; return true;
                default: return false;
            }
        }
    }

    private sealed class NameSite
    {
        public NameSite(string name, string modelId, bool isAlias, PricingTextSpan span)
        {
            Name = name;
            ModelId = modelId;
            IsAlias = isAlias;
            Span = span;
        }

        public string Name { get; }

        public string ModelId { get; }

        public bool IsAlias { get; }

        public PricingTextSpan Span { get; }
    }
}
