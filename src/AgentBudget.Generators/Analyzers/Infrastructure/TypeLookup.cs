using Microsoft.CodeAnalysis;

namespace AgentBudget.Generators.Analyzers.Infrastructure;

/// <summary>Resolves SDK types by metadata name and owning assembly.</summary>
internal static class TypeLookup
{
    /// <summary>
    /// Finds <paramref name="metadataName"/> in the assembly called <paramref name="assemblyName"/>. Matching the
    /// assembly too keeps a user type of the same name (or a second copy of a type) from being taken for the SDK's;
    /// <see cref="Compilation.GetTypeByMetadataName"/> alone returns null as soon as two assemblies define the name.
    /// </summary>
    public static INamedTypeSymbol? Find(Compilation compilation, string metadataName, string assemblyName)
    {
        foreach (var candidate in compilation.GetTypesByMetadataName(metadataName))
        {
            if (candidate.ContainingAssembly?.Name == assemblyName)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="type"/> is <paramref name="candidateBase"/> or derives from it.</summary>
    public static bool IsOrDerivesFrom(ITypeSymbol? type, INamedTypeSymbol? candidateBase)
    {
        if (candidateBase is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, candidateBase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="type"/> is, derives from or implements <paramref name="candidate"/> (generic definitions compared).</summary>
    public static bool IsOrImplements(ITypeSymbol? type, INamedTypeSymbol? candidate)
    {
        if (type is null || candidate is null)
        {
            return false;
        }

        if (IsOrDerivesFrom(type, candidate))
        {
            return true;
        }

        if (candidate.TypeKind != TypeKind.Interface)
        {
            return false;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, candidate))
            {
                return true;
            }
        }

        return false;
    }
}
