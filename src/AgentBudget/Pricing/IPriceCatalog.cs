using System.Diagnostics.CodeAnalysis;

namespace AgentBudget.Pricing;

/// <summary>Resolves a model name, as a provider or caller spells it, to its price.</summary>
public interface IPriceCatalog
{
    /// <summary>
    /// Finds the price of <paramref name="model"/>: exact id, then case-insensitive, then without a provider prefix,
    /// then without a dated/versioned suffix. Never guesses a model family. False when the model is unknown.
    /// </summary>
    bool TryGetPrice(string model, [NotNullWhen(true)] out ModelPrice? price);
}
