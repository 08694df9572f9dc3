using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.ComponentModel;

namespace AgentBudget.Pricing;

/// <summary>
/// A price table compiled from <c>pricing/*.json</c> by the AgentBudget source generator: models in a dense array
/// (sorted by id) and a frozen ordinal index from every id and alias to its model's position.
/// </summary>
/// <remarks>
/// The runtime's built-in table and a consuming project's own table (registered as an overlay by a generated module
/// initializer) both have this shape. Look prices up through <see cref="PriceCatalog"/>, which layers the tables and
/// resolves provider prefixes and dated suffixes; this type only answers exact ids.
/// </remarks>
public sealed class CompiledPriceTable
{
    /// <summary>Creates a table. Called by generated code; every index entry must point into <paramref name="models"/>.</summary>
    /// <param name="name">Where the table comes from (<c>built-in</c>, or the consuming assembly's name).</param>
    /// <param name="models">The models, in dense-id order.</param>
    /// <param name="index">Every model id and alias, ordinal, to the model's position in <paramref name="models"/>.</param>
    /// <param name="sources">The pricing files the table was compiled from.</param>
    [EditorBrowsable(EditorBrowsableState.Advanced)]
    public CompiledPriceTable(string name, ModelPrice[] models, FrozenDictionary<string, int> index, PriceTableSource[] sources)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        _models = models ?? throw new ArgumentNullException(nameof(models));
        Index = index ?? throw new ArgumentNullException(nameof(index));
        Sources = sources ?? throw new ArgumentNullException(nameof(sources));
        foreach (var entry in index)
        {
            if ((uint)entry.Value >= (uint)models.Length)
            {
                throw new ArgumentException("The index entry '" + entry.Key + "' points outside the model array.", nameof(index));
            }
        }
    }

    private readonly ModelPrice[] _models;

    /// <summary>Where the table comes from: <c>built-in</c> or the name of the assembly that compiled it.</summary>
    public string Name { get; }

    /// <summary>The models, in dense-id order (ordinal by id).</summary>
    public IReadOnlyList<ModelPrice> Models => _models;

    /// <summary>Every model id and alias (ordinal) to the model's dense id.</summary>
    public FrozenDictionary<string, int> Index { get; }

    /// <summary>The pricing files the table was compiled from: provider, source and the date the prices were checked.</summary>
    public IReadOnlyList<PriceTableSource> Sources { get; }

    /// <summary>The price with this exact (ordinal) id or alias.</summary>
    public bool TryGetPrice(string modelIdOrAlias, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ModelPrice? price)
    {
        if (modelIdOrAlias is not null && Index.TryGetValue(modelIdOrAlias, out var dense))
        {
            price = _models[dense];
            return true;
        }

        price = null;
        return false;
    }

    internal ModelPrice[] ModelArray => _models;
}

/// <summary>One pricing file a compiled table was built from.</summary>
public sealed class PriceTableSource
{
    /// <summary>Creates a source record.</summary>
    /// <param name="provider">The provider id of the file.</param>
    /// <param name="source">Where the prices were read (name and address).</param>
    /// <param name="checkedOn">The date the prices were checked.</param>
    /// <param name="fileName">The file name (no directory).</param>
    public PriceTableSource(string provider, string source, DateTime checkedOn, string fileName)
    {
        Provider = provider ?? string.Empty;
        Source = source ?? string.Empty;
        CheckedOn = checkedOn;
        FileName = fileName ?? string.Empty;
    }

    /// <summary>The provider id of the file.</summary>
    public string Provider { get; }

    /// <summary>Where the prices were read.</summary>
    public string Source { get; }

    /// <summary>The date the prices were checked (UTC midnight); compare with a <see cref="TimeProvider"/> to show the table's age.</summary>
    public DateTime CheckedOn { get; }

    /// <summary>The pricing file's name.</summary>
    public string FileName { get; }
}
