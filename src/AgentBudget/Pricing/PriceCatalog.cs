using System;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Threading;
using AgentBudget.Shared.Pricing;

namespace AgentBudget.Pricing;

/// <summary>
/// The price list AgentBudget charges from: the built-in table compiled from the repository's <c>pricing/*.json</c>,
/// the consuming project's own compiled <c>pricing/*.json</c> (registered as an overlay at module load), and prices
/// registered or loaded at run time. A higher layer wins for the same name: run-time registration &gt; the
/// project's compiled prices &gt; built-in.
/// </summary>
/// <remarks>
/// <para>Name resolution, in order: exact id or alias → case-insensitive → without router/provider prefixes
/// (<c>openai/gpt-4o</c>, <c>openrouter/openai/gpt-4o</c>) → a dated or versioned suffix (<c>-2024-08-06</c>,
/// <c>-20250929</c>, <c>@20240620</c>, <c>-001</c>) of a model that declares <c>datedSuffixes</c> → nothing. A model
/// family is never guessed: <c>o1-pro</c> does not resolve to <c>o1</c>. Unknown models return false; the session's
/// <see cref="UnknownModelPolicy"/> decides what happens next, never a silent $0.</para>
/// <para>Lookups read an immutable snapshot without locks; registrations are serialized and publish a new snapshot.
/// Every name that needed more than an exact match is cached per snapshot, so repeated lookups do not allocate.</para>
/// </remarks>
public sealed class PriceCatalog : IPriceCatalog
{
    /// <summary>How many distinct non-exact names a snapshot remembers; past this, lookups still work but are not cached.</summary>
    internal const int MaxCachedNames = 4096;

    private static readonly object OverlayGate = new();
    private static CompiledPriceTable[] s_overlays = [];
    private static int s_overlayVersion;
    private static readonly Lazy<PriceCatalog> LazyDefault = new(() => new PriceCatalog(BuiltInPriceTable.Table, includeCompiledOverlays: true),
        LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly CompiledPriceTable? _builtIn;
    private readonly bool _includeOverlays;
    private readonly object _gate = new();
    private ModelPrice[] _registered = [];
    private Snapshot _snapshot;

    /// <summary>Creates a catalog with the built-in prices and every compiled overlay (the same layers as <see cref="Default"/>).</summary>
    public PriceCatalog()
        : this(BuiltInPriceTable.Table, includeCompiledOverlays: true)
    {
    }

    /// <summary>Creates a catalog from an explicit built-in table (tests, tools).</summary>
    internal PriceCatalog(CompiledPriceTable? builtIn, bool includeCompiledOverlays)
    {
        _builtIn = builtIn;
        _includeOverlays = includeCompiledOverlays;
        _snapshot = BuildSnapshot();
    }

    /// <summary>The process-wide catalog: built-in prices, the compiled prices of every loaded project, and run-time registrations.</summary>
    public static PriceCatalog Default => LazyDefault.Value;

    /// <summary>A catalog with no prices at all: only what is registered or loaded into it.</summary>
    public static PriceCatalog CreateEmpty() => new(null, includeCompiledOverlays: false);

    /// <summary>The built-in table compiled into AgentBudget (its sources tell how old the prices are).</summary>
    public static CompiledPriceTable BuiltIn => BuiltInPriceTable.Table;

    /// <summary>The compiled tables of consuming projects registered so far, in registration order.</summary>
    public static IReadOnlyList<CompiledPriceTable> CompiledOverlays => Volatile.Read(ref s_overlays);

    /// <summary>
    /// Registers a consuming project's compiled price table. Called by the module initializer the AgentBudget generator
    /// emits for a project with its own <c>pricing/*.json</c>; its prices add models and override built-in ones.
    /// </summary>
    /// <param name="table">The compiled table.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void RegisterCompiledOverlay(CompiledPriceTable table)
    {
        if (table is null)
        {
            throw new ArgumentNullException(nameof(table));
        }

        lock (OverlayGate)
        {
            if (Array.IndexOf(s_overlays, table) >= 0)
            {
                return;
            }

            var next = new CompiledPriceTable[s_overlays.Length + 1];
            Array.Copy(s_overlays, next, s_overlays.Length);
            next[s_overlays.Length] = table;
            Volatile.Write(ref s_overlays, next);
            Interlocked.Increment(ref s_overlayVersion);
        }
    }

    /// <summary>Every model this catalog prices, after layering (one entry per model id, ordinal order).</summary>
    public IReadOnlyList<ModelPrice> Models => Current.Models;

    /// <inheritdoc />
    public bool TryGetPrice(string model, [NotNullWhen(true)] out ModelPrice? price) => TryGetPrice(model, out price, out _);

    /// <summary>Finds the price of <paramref name="model"/> and tells how the name was matched.</summary>
    /// <param name="model">The model name as the caller or provider spells it.</param>
    /// <param name="price">The price, when found.</param>
    /// <param name="match">Which resolution step matched.</param>
    /// <returns>False when no price is known; the caller's <see cref="UnknownModelPolicy"/> applies.</returns>
    public bool TryGetPrice(string model, [NotNullWhen(true)] out ModelPrice? price, out ModelNameMatch match)
    {
        price = null;
        match = ModelNameMatch.Exact;
        if (model is null)
        {
            return false;
        }

        var snapshot = Current;
        if (snapshot.Exact.TryGetValue(model, out var dense))
        {
            price = snapshot.ModelArray[dense];
            return true;
        }

        if (!snapshot.Resolved.TryGetValue(model, out var resolved))
        {
            resolved = snapshot.Resolve(model);
            if (snapshot.Resolved.Count < MaxCachedNames)
            {
                snapshot.Resolved.TryAdd(model, resolved);
            }
        }

        if (resolved.Index < 0)
        {
            return false;
        }

        price = snapshot.ModelArray[resolved.Index];
        match = resolved.Match;
        return true;
    }

    /// <summary>Registers (or replaces) one model's price at run time; it wins over compiled prices.</summary>
    /// <param name="price">The price. It must pass the same rules as a pricing file.</param>
    /// <exception cref="PricingFileException">The price breaks a pricing rule (e.g. it is per token instead of per million).</exception>
    public void RegisterModel(ModelPrice price) => RegisterModels([price ?? throw new ArgumentNullException(nameof(price))]);

    /// <summary>Registers a model with plain input/output prices (and optionally a cache-read price), in USD per million tokens.</summary>
    /// <param name="modelId">The model id.</param>
    /// <param name="inputUsdPerMillion">Uncached input price.</param>
    /// <param name="outputUsdPerMillion">Output price.</param>
    /// <param name="cachedInputUsdPerMillion">Cache-read price; the input price when null.</param>
    /// <param name="provider">The provider id.</param>
    /// <exception cref="PricingFileException">A price breaks a pricing rule.</exception>
    public void RegisterModel(string modelId, decimal inputUsdPerMillion, decimal outputUsdPerMillion, decimal? cachedInputUsdPerMillion = null,
        string provider = "custom")
    {
        var errors = new List<PricingFileError>();
        Check(errors, inputUsdPerMillion, "\"input\" of model '" + modelId + "'");
        Check(errors, outputUsdPerMillion, "\"output\" of model '" + modelId + "'");
        if (cachedInputUsdPerMillion is { } cached)
        {
            Check(errors, cached, "\"cachedInput\" of model '" + modelId + "'");
        }

        if (Shared.Pricing.PricingRules.CheckModelId(modelId) is { } idProblem)
        {
            errors.Add(new PricingFileError(Shared.Pricing.PricingProblemCodes.InvalidModelId, idProblem, 0, 0));
        }

        if (errors.Count > 0)
        {
            throw new PricingFileException(nameof(RegisterModel), errors);
        }

        RegisterModel(new ModelPrice(modelId, provider, new PriceRates(
            TokenRate.FromUsdPerMillionTokens(inputUsdPerMillion),
            TokenRate.FromUsdPerMillionTokens(outputUsdPerMillion),
            cachedInputUsdPerMillion is { } c ? TokenRate.FromUsdPerMillionTokens(c) : null)));
    }

    /// <summary>Registers several prices at once: all or none (nothing is registered when one is invalid).</summary>
    /// <param name="prices">The prices.</param>
    /// <exception cref="PricingFileException">A price breaks a pricing rule, or two prices claim the same name.</exception>
    public void RegisterModels(IEnumerable<ModelPrice> prices)
    {
        if (prices is null)
        {
            throw new ArgumentNullException(nameof(prices));
        }

        var batch = new List<ModelPrice>(prices);
        var errors = new List<PricingFileError>();
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var price in batch)
        {
            if (price is null)
            {
                throw new ArgumentException("A price in the batch is null.", nameof(prices));
            }

            errors.AddRange(PricingFileLoader.Validate(price));
            Claim(names, errors, price.ModelId, price.ModelId);
            foreach (var alias in price.Aliases)
            {
                Claim(names, errors, alias, price.ModelId);
            }
        }

        if (errors.Count > 0)
        {
            throw new PricingFileException(nameof(RegisterModels), errors);
        }

        lock (_gate)
        {
            var next = new ModelPrice[_registered.Length + batch.Count];
            Array.Copy(_registered, next, _registered.Length);
            batch.CopyTo(next, _registered.Length);
            _registered = next;
            Volatile.Write(ref _snapshot, BuildSnapshot());
        }
    }

    /// <summary>
    /// Loads a pricing file's text (the <c>pricing/*.json</c> format) at run time and registers its models, for
    /// deployments that must change a price without a rebuild. The file is checked by the same rules as at build time.
    /// </summary>
    /// <param name="json">The file's text.</param>
    /// <param name="sourceName">A name for messages (file name or label).</param>
    /// <returns>The registered models and any warnings.</returns>
    /// <exception cref="PricingFileException">The file breaks a rule; nothing is registered.</exception>
    public PricingLoadResult LoadFromJson(string json, string sourceName = "pricing.json")
    {
        if (json is null)
        {
            throw new ArgumentNullException(nameof(json));
        }

        var models = PricingFileLoader.Load(json, sourceName ?? "pricing.json", out var warnings);
        RegisterModels(models);
        return new PricingLoadResult(models, warnings);
    }

    /// <summary>Loads a pricing file from disk (UTF-8) and registers its models; see <see cref="LoadFromJson"/>.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The registered models and any warnings.</returns>
    /// <exception cref="PricingFileException">The file breaks a rule; nothing is registered.</exception>
    public PricingLoadResult LoadFromFile(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        return LoadFromJson(File.ReadAllText(path), Path.GetFileName(path));
    }

    private Snapshot Current
    {
        get
        {
            var snapshot = Volatile.Read(ref _snapshot);
            if (_includeOverlays && snapshot.OverlayVersion != Volatile.Read(ref s_overlayVersion))
            {
                lock (_gate)
                {
                    snapshot = _snapshot;
                    if (snapshot.OverlayVersion != Volatile.Read(ref s_overlayVersion))
                    {
                        snapshot = BuildSnapshot();
                        Volatile.Write(ref _snapshot, snapshot);
                    }
                }
            }

            return snapshot;
        }
    }

    private Snapshot BuildSnapshot()
    {
        // Read the version before the list: a registration that lands in between leaves the version stale, so the
        // next lookup rebuilds; never the other way round.
        var overlayVersion = Volatile.Read(ref s_overlayVersion);
        var overlays = _includeOverlays ? Volatile.Read(ref s_overlays) : [];
        var registered = _registered;
        if (overlays.Length == 0 && registered.Length == 0 && _builtIn is not null)
        {
            // Only the built-in table: its generated dense array and frozen index are used as they are.
            return new Snapshot(_builtIn.ModelArray, _builtIn.Index, overlayVersion);
        }

        // Layers from lowest to highest precedence; a later layer overwrites a name. Overriding a model id keeps the
        // lower layer's aliases pointing at that id, so they get the new price too.
        var byId = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        var names = new List<KeyValuePair<string, string>>();
        if (_builtIn is not null)
        {
            AddTable(_builtIn, byId, names);
        }

        foreach (var overlay in overlays)
        {
            AddTable(overlay, byId, names);
        }

        foreach (var price in registered)
        {
            byId[price.ModelId] = price;
            names.Add(new KeyValuePair<string, string>(price.ModelId, price.ModelId));
            foreach (var alias in price.Aliases)
            {
                names.Add(new KeyValuePair<string, string>(alias, price.ModelId));
            }
        }

        var ids = new List<string>(byId.Keys);
        ids.Sort(StringComparer.Ordinal);
        var models = new ModelPrice[ids.Count];
        var denseById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < models.Length; i++)
        {
            models[i] = byId[ids[i]];
            denseById[ids[i]] = i;
        }

        var exact = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            exact[name.Key] = denseById[name.Value];
        }

        return new Snapshot(models, exact.ToFrozenDictionary(StringComparer.Ordinal), overlayVersion);
    }

    private static void AddTable(CompiledPriceTable table, Dictionary<string, ModelPrice> byId, List<KeyValuePair<string, string>> names)
    {
        var models = table.ModelArray;
        foreach (var model in models)
        {
            byId[model.ModelId] = model;
        }

        // Ordinal order keeps the result independent of the frozen dictionary's enumeration order.
        var entries = new List<KeyValuePair<string, int>>(table.Index);
        entries.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var entry in entries)
        {
            names.Add(new KeyValuePair<string, string>(entry.Key, models[entry.Value].ModelId));
        }
    }

    private static void Check(List<PricingFileError> errors, decimal value, string what)
    {
        if (Shared.Pricing.PricingRules.CheckPrice(value, what) is { } problem)
        {
            errors.Add(new PricingFileError(problem.Key, problem.Value, 0, 0));
        }
    }

    private static void Claim(Dictionary<string, string> names, List<PricingFileError> errors, string name, string modelId)
    {
        if (names.TryGetValue(name, out var owner))
        {
            errors.Add(new PricingFileError(Shared.Pricing.PricingProblemCodes.DuplicateModel,
                "'" + name + "' of model '" + modelId + "' is already claimed by model '" + owner + "' in the same registration.", 0, 0));
            return;
        }

        names.Add(name, modelId);
    }

    private readonly struct Resolution
    {
        public Resolution(int index, ModelNameMatch match)
        {
            Index = index;
            Match = match;
        }

        public int Index { get; }

        public ModelNameMatch Match { get; }
    }

    /// <summary>An immutable view of the layered prices plus the per-snapshot cache of resolved names.</summary>
    private sealed class Snapshot : IModelNameIndex
    {
        public Snapshot(ModelPrice[] models, FrozenDictionary<string, int> exact, int overlayVersion)
        {
            ModelArray = models;
            Exact = exact;
            OverlayVersion = overlayVersion;

            // Case-insensitive view; on a clash the entry met last in ordinal order wins (deterministic).
            var ignoreCase = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var keys = new List<string>(exact.Keys);
            keys.Sort(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                ignoreCase[key] = exact[key];
            }

            IgnoreCase = ignoreCase.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        }

        public ModelPrice[] ModelArray { get; }

        public IReadOnlyList<ModelPrice> Models => ModelArray;

        public FrozenDictionary<string, int> Exact { get; }

        public FrozenDictionary<string, int> IgnoreCase { get; }

        public int OverlayVersion { get; }

        public ConcurrentDictionary<string, Resolution> Resolved { get; } = new(StringComparer.Ordinal);

        public Resolution Resolve(string name)
        {
            // The rules themselves are shared source (src/Shared/Pricing/ModelNameResolution.cs) so that the AB0004
            // analyzer accepts exactly the names this catalog prices.
            var index = ModelNameResolution.Resolve(name, this, out var step);
            return index < 0
                ? new Resolution(-1, ModelNameMatch.Exact)
                : new Resolution(index, (ModelNameMatch)(int)step);
        }

        bool IModelNameIndex.TryFindExact(string name, out int model) => Exact.TryGetValue(name, out model);

        bool IModelNameIndex.TryFindIgnoringCase(string name, out int model) => IgnoreCase.TryGetValue(name, out model);

        bool IModelNameIndex.AllowsDatedSuffixes(int model) => ModelArray[model].AllowsDatedSuffixes;

        string IModelNameIndex.CanonicalId(int model) => ModelArray[model].ModelId;
    }
}

/// <summary>The outcome of loading a pricing file at run time.</summary>
public sealed class PricingLoadResult
{
    internal PricingLoadResult(IReadOnlyList<ModelPrice> models, IReadOnlyList<PricingFileError> warnings)
    {
        Models = models;
        Warnings = warnings;
    }

    /// <summary>The models registered from the file.</summary>
    public IReadOnlyList<ModelPrice> Models { get; }

    /// <summary>Warnings (e.g. AB1015 implausible prices) that did not stop the load.</summary>
    public IReadOnlyList<PricingFileError> Warnings { get; }
}
