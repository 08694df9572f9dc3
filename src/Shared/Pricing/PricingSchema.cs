using System;
using System.Collections.Generic;

namespace AgentBudget.Shared.Pricing;

/// <summary>The property names each object of a pricing file may have (docs/pricing-format.md), and typo suggestions.</summary>
internal static class PricingSchema
{
    public static readonly string[] FileProperties = { "$schema", "schemaVersion", "provider", "source", "checked", "models" };

    public static readonly string[] ModelProperties =
    {
        "input", "output", "cachedInput", "cacheWrite5m", "cacheWrite1h", "reasoning", "longContext", "batchDiscountPercent",
        "maxOutputTokens", "contextWindow", "aliases", "datedSuffixes", "retires", "embedding", "note",
    };

    public static readonly string[] TierProperties = { "above", "input", "output", "cachedInput", "cacheWrite5m", "cacheWrite1h", "reasoning" };

    public static bool IsKnown(string[] known, string name) => Array.IndexOf(known, name) >= 0;

    /// <summary>
    /// The known name closest to <paramref name="unknown"/> (case-insensitive edit distance, ignoring '_' and '-'),
    /// or null when nothing is close enough to be a plausible typo.
    /// </summary>
    public static string? Suggest(string[] known, string unknown)
    {
        var wanted = Normalize(unknown);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = EditDistance(wanted, Normalize(candidate));
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        var allowed = Math.Max(2, wanted.Length / 3);
        return bestDistance <= allowed ? best : null;
    }

    public static string List(string[] known) => string.Join(", ", known);

    private static string Normalize(string name)
    {
        var chars = new List<char>(name.Length);
        foreach (var c in name)
        {
            if (c != '_' && c != '-' && c != ' ')
            {
                chars.Add(char.ToLowerInvariant(c));
            }
        }

        return new string(chars.ToArray());
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
