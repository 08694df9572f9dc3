// Shared source: compiled into the runtime (PriceCatalog) and into the analyzers (AB0004), so that a model id the
// analyzer accepts is exactly one the runtime will price. netstandard2.0 APIs only, no other AgentBudget type.
using System;

namespace AgentBudget.Shared.Pricing;

/// <summary>Which step of <see cref="ModelNameResolution"/> matched a name (numbered like the runtime's <c>ModelNameMatch</c>).</summary>
internal enum ModelNameResolutionStep
{
    /// <summary>No step matched: the model is unknown.</summary>
    None = -1,

    /// <summary>A model id or declared alias, exactly (ordinal).</summary>
    Exact = 0,

    /// <summary>An id or alias ignoring case (<c>GPT-4o</c>).</summary>
    CaseInsensitive = 1,

    /// <summary>After removing router/provider prefixes (<c>openrouter/openai/gpt-4o</c>).</summary>
    ProviderPrefix = 2,

    /// <summary>A dated or versioned spelling of a model that declares <c>datedSuffixes</c>.</summary>
    DatedSuffix = 3,
}

/// <summary>The names a resolution runs against: ids and aliases mapped to a model index.</summary>
internal interface IModelNameIndex
{
    /// <summary>Finds an id or alias, ordinal.</summary>
    bool TryFindExact(string name, out int model);

    /// <summary>Finds an id or alias ignoring case (on a clash, a deterministic one of them).</summary>
    bool TryFindIgnoringCase(string name, out int model);

    /// <summary>Whether <paramref name="model"/> declares <c>datedSuffixes</c>.</summary>
    bool AllowsDatedSuffixes(int model);

    /// <summary>The canonical id of <paramref name="model"/> (not an alias).</summary>
    string CanonicalId(int model);
}

/// <summary>
/// The model-name resolution rules: exact → case-insensitive → provider prefix → dated/versioned suffix → nothing.
/// A family is never guessed (<c>o1-pro</c> is not <c>o1</c>, <c>command-r7b</c> is not <c>command</c>).
/// </summary>
internal static class ModelNameResolution
{
    /// <summary>Resolves <paramref name="name"/> to a model index, or -1 with <see cref="ModelNameResolutionStep.None"/>.</summary>
    public static int Resolve<TIndex>(string name, TIndex index, out ModelNameResolutionStep step)
        where TIndex : IModelNameIndex
    {
        // 1. Exact.
        if (index.TryFindExact(name, out var model))
        {
            step = ModelNameResolutionStep.Exact;
            return model;
        }

        // 2. Case-insensitive.
        if (index.TryFindIgnoringCase(name, out model))
        {
            step = ModelNameResolutionStep.CaseInsensitive;
            return model;
        }

        // 3. Router/provider prefixes: "openrouter/openai/gpt-4o" tries "openai/gpt-4o", then "gpt-4o".
        //    Ids that contain '/' themselves (meta-llama/Llama-3.3-70B-Instruct-Turbo) match at the right depth.
        for (var slash = name.IndexOf('/'); slash >= 0 && slash < name.Length - 1; slash = name.IndexOf('/', slash + 1))
        {
            var rest = name.Substring(slash + 1);
            if (index.TryFindExact(rest, out model) || index.TryFindIgnoringCase(rest, out model))
            {
                step = ModelNameResolutionStep.ProviderPrefix;
                return model;
            }
        }

        // 4. A dated/versioned suffix of a canonical id whose model declares datedSuffixes. Never an alias's suffix
        //    and never a family guess.
        for (var start = 0; start >= 0 && start < name.Length;)
        {
            var candidate = start == 0 ? name : name.Substring(start);
            if (TryStripDatedSuffix(candidate, out var baseName)
                && (index.TryFindExact(baseName, out model) || index.TryFindIgnoringCase(baseName, out model))
                && index.AllowsDatedSuffixes(model)
                && string.Equals(index.CanonicalId(model), baseName, StringComparison.OrdinalIgnoreCase))
            {
                step = ModelNameResolutionStep.DatedSuffix;
                return model;
            }

            var slash = name.IndexOf('/', start);
            start = slash < 0 ? -1 : slash + 1;
        }

        step = ModelNameResolutionStep.None;
        return -1;
    }

    /// <summary>
    /// Removes one trailing <c>-YYYY-MM-DD</c>, <c>-YYYYMMDD</c>, <c>@YYYYMMDD</c> or <c>-NNN</c> (three digits).
    /// Dates must be real-looking (years 2000–2099, months 01–12, days 01–31). Nothing else is stripped.
    /// </summary>
    public static bool TryStripDatedSuffix(string name, out string baseName)
    {
        var length = name.Length;

        // -YYYY-MM-DD
        if (length > 11 && name[length - 11] == '-' && name[length - 6] == '-' && name[length - 3] == '-'
            && IsDate(name, length - 10, length - 5, length - 2))
        {
            baseName = name.Substring(0, length - 11);
            return true;
        }

        // -YYYYMMDD or @YYYYMMDD
        if (length > 9 && (name[length - 9] == '-' || name[length - 9] == '@') && IsDate(name, length - 8, length - 4, length - 2))
        {
            baseName = name.Substring(0, length - 9);
            return true;
        }

        // -NNN (Gemini's -001, -002)
        if (length > 4 && name[length - 4] == '-' && IsDigit(name[length - 3]) && IsDigit(name[length - 2]) && IsDigit(name[length - 1]))
        {
            baseName = name.Substring(0, length - 4);
            return true;
        }

        baseName = name;
        return false;
    }

    private static bool IsDate(string text, int year, int month, int day)
    {
        for (var i = 0; i < 4; i++)
        {
            if (!IsDigit(text[year + i]))
            {
                return false;
            }
        }

        if (!IsDigit(text[month]) || !IsDigit(text[month + 1]) || !IsDigit(text[day]) || !IsDigit(text[day + 1]))
        {
            return false;
        }

        var century = ((text[year] - '0') * 10) + (text[year + 1] - '0');
        var m = ((text[month] - '0') * 10) + (text[month + 1] - '0');
        var d = ((text[day] - '0') * 10) + (text[day + 1] - '0');
        return century == 20 && m is >= 1 and <= 12 && d is >= 1 and <= 31;
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';
}
