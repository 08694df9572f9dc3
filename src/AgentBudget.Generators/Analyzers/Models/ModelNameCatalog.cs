using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Text;
using System.Threading;
using AgentBudget.Shared.Pricing;

namespace AgentBudget.Generators.Analyzers.Models;

/// <summary>
/// The model names the compiled price table will know: the repository's <c>pricing/*.json</c> (embedded in this
/// assembly, parsed once per process) plus the consuming project's own pricing files (parsed per compilation).
/// Resolution uses the shared <see cref="ModelNameResolution"/> rules, exactly as the runtime catalog does.
/// </summary>
internal sealed class ModelNameCatalog : IModelNameIndex
{
    private const string ResourcePrefix = "AgentBudget.Pricing.";

    private static readonly Lazy<ModelNameCatalog> LazyBuiltIn = new(LoadBuiltIn, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly List<string> _ids = new();
    private readonly List<bool> _datedSuffixes = new();
    private readonly Dictionary<string, int> _idIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _exact = new(StringComparer.Ordinal);
    private Dictionary<string, int> _ignoreCase = new(StringComparer.OrdinalIgnoreCase);

    private ModelNameCatalog()
    {
    }

    /// <summary>The built-in table (empty if the assembly was built without pricing files).</summary>
    public static ModelNameCatalog BuiltIn => LazyBuiltIn.Value;

    /// <summary>Every id and alias, in the order files declared them (suggestion candidates).</summary>
    public IReadOnlyCollection<string> Names => _exact.Keys;

    public bool IsEmpty => _exact.Count == 0;

    /// <summary>The built-in names plus those of <paramref name="projectFiles"/> (later files win on a shared name).</summary>
    public static ModelNameCatalog WithProjectFiles(IEnumerable<string> projectFiles)
    {
        var catalog = new ModelNameCatalog();
        catalog.AddFrom(BuiltIn);
        foreach (var text in projectFiles)
        {
            catalog.AddFile(text);
        }

        catalog.RebuildIgnoreCase();
        return catalog;
    }

    /// <summary>Whether the runtime's resolution rules find a price for <paramref name="name"/>.</summary>
    public bool Resolves(string name) => ModelNameResolution.Resolve(name, this, out _) >= 0;

    bool IModelNameIndex.TryFindExact(string name, out int model) => _exact.TryGetValue(name, out model);

    bool IModelNameIndex.TryFindIgnoringCase(string name, out int model) => _ignoreCase.TryGetValue(name, out model);

    bool IModelNameIndex.AllowsDatedSuffixes(int model) => _datedSuffixes[model];

    string IModelNameIndex.CanonicalId(int model) => _ids[model];

    /// <summary>
    /// Up to <paramref name="count"/> known names closest to <paramref name="name"/> by edit distance (with
    /// transpositions, ignoring case), nearest first, model ids before aliases at the same distance, then in ordinal
    /// order; only names close enough to be a typo.
    /// </summary>
    public ImmutableArray<string> Suggest(string name, int count = 3)
    {
        var lowered = name.ToLowerInvariant();
        var slash = lowered.LastIndexOf('/');
        var withoutPrefix = slash >= 0 && slash < lowered.Length - 1 ? lowered.Substring(slash + 1) : null;
        var limit = Math.Max(1, Math.Min(3, (withoutPrefix ?? lowered).Length / 4));

        var candidates = new List<KeyValuePair<int, string>>();
        foreach (var pair in _exact)
        {
            var known = pair.Key;
            var knownLowered = known.ToLowerInvariant();
            var distance = EditDistance.Compute(lowered, knownLowered, limit);
            if (withoutPrefix is not null)
            {
                distance = Math.Min(distance, EditDistance.Compute(withoutPrefix, knownLowered, limit));
            }

            if (distance <= limit)
            {
                // Rank = distance * 2, plus one for an alias: ids come first among equally near names.
                var isAlias = !string.Equals(_ids[pair.Value], known, StringComparison.Ordinal);
                candidates.Add(new KeyValuePair<int, string>((distance * 2) + (isAlias ? 1 : 0), known));
            }
        }

        candidates.Sort(static (a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : string.CompareOrdinal(a.Value, b.Value));
        var result = ImmutableArray.CreateBuilder<string>(Math.Min(count, candidates.Count));
        for (var i = 0; i < candidates.Count && result.Count < count; i++)
        {
            result.Add(candidates[i].Value);
        }

        return result.ToImmutable();
    }

    private static ModelNameCatalog LoadBuiltIn()
    {
        var catalog = new ModelNameCatalog();
        var assembly = typeof(ModelNameCatalog).Assembly;
        var names = new List<string>(assembly.GetManifestResourceNames());
        names.Sort(StringComparer.Ordinal);
        foreach (var resource in names)
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource);
            if (stream is null)
            {
                continue;
            }

            using var reader = new StreamReader(stream, Encoding.UTF8);
            catalog.AddFile(reader.ReadToEnd());
        }

        catalog.RebuildIgnoreCase();
        return catalog;
    }

    private void AddFrom(ModelNameCatalog other)
    {
        foreach (var pair in other._exact)
        {
            AddName(pair.Key, other._ids[pair.Value], other._datedSuffixes[pair.Value]);
        }
    }

    // A file with errors still contributes the models it could read: the generator reports the errors (AB1xxx), and
    // flagging every call to a model of a half-valid file would bury them.
    private void AddFile(string text)
    {
        var file = PricingRules.Validate(text).File;
        if (file is null)
        {
            return;
        }

        foreach (var model in file.Models)
        {
            AddName(model.Id, model.Id, model.DatedSuffixes);
            foreach (var alias in model.Aliases)
            {
                AddName(alias.Name, model.Id, model.DatedSuffixes);
            }
        }
    }

    private void AddName(string name, string canonicalId, bool datedSuffixes)
    {
        if (!_idIndex.TryGetValue(canonicalId, out var index))
        {
            index = _ids.Count;
            _idIndex.Add(canonicalId, index);
            _ids.Add(canonicalId);
            _datedSuffixes.Add(datedSuffixes);
        }
        else
        {
            // The project's file overrides the built-in entry of the same model.
            _datedSuffixes[index] = datedSuffixes;
        }

        _exact[name] = index;
    }

    // Same tie-break as the runtime catalog: on a case-insensitive clash the name met last in ordinal order wins.
    private void RebuildIgnoreCase()
    {
        var keys = new List<string>(_exact.Keys);
        keys.Sort(StringComparer.Ordinal);
        var ignoreCase = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in keys)
        {
            ignoreCase[key] = _exact[key];
        }

        _ignoreCase = ignoreCase;
    }
}

/// <summary>Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), with an early exit.</summary>
internal static class EditDistance
{
    /// <summary>The distance, or <paramref name="limit"/> + 1 when it is certainly above <paramref name="limit"/>.</summary>
    public static int Compute(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        var previousPrevious = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previousPrevious[j - 2] + 1);
                }

                current[j] = value;
                rowMinimum = Math.Min(rowMinimum, value);
            }

            if (rowMinimum > limit)
            {
                return limit + 1;
            }

            var recycled = previousPrevious;
            previousPrevious = previous;
            previous = current;
            current = recycled;
        }

        return previous[b.Length];
    }
}
