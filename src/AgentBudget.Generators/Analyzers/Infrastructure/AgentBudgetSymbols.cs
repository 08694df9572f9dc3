using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace AgentBudget.Generators.Analyzers.Infrastructure;

/// <summary>The AgentBudget runtime types the analyzers look for, resolved once per compilation start.</summary>
internal sealed class AgentBudgetSymbols
{
    private AgentBudgetSymbols(Compilation compilation)
    {
        BudgetedAttribute = compilation.GetTypeByMetadataName("AgentBudget.BudgetedAttribute");
        TrackToolAttribute = compilation.GetTypeByMetadataName("AgentBudget.TrackToolAttribute");
        BudgetExhaustedException = FindRuntimeType(compilation, "BudgetExhaustedException");
        LoopDetectedException = FindRuntimeType(compilation, "LoopDetectedException");

        var stopping = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        if (BudgetExhaustedException is not null)
        {
            stopping.Add(BudgetExhaustedException);
        }

        if (LoopDetectedException is not null)
        {
            stopping.Add(LoopDetectedException);
        }

        StoppingExceptions = stopping.ToImmutable();
    }

    public INamedTypeSymbol? BudgetedAttribute { get; }

    public INamedTypeSymbol? TrackToolAttribute { get; }

    public INamedTypeSymbol? BudgetExhaustedException { get; }

    public INamedTypeSymbol? LoopDetectedException { get; }

    /// <summary>The exceptions that stop an agent on purpose (hard limit, loop, breakers).</summary>
    public ImmutableArray<INamedTypeSymbol> StoppingExceptions { get; }

    public static AgentBudgetSymbols Create(Compilation compilation) => new(compilation);

    /// <summary>Whether <paramref name="type"/> carries <c>[Budgeted]</c>.</summary>
    public bool IsBudgeted(INamedTypeSymbol? type) => type is not null && FindBudgetedAttribute(type) is not null;

    /// <summary>The <c>[Budgeted]</c> attribute on <paramref name="type"/>, if any.</summary>
    public AttributeData? FindBudgetedAttribute(INamedTypeSymbol type)
    {
        if (BudgetedAttribute is null)
        {
            return null;
        }

        foreach (var attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, BudgetedAttribute))
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>The <c>[TrackTool]</c> attribute on <paramref name="method"/>, if any.</summary>
    public AttributeData? FindTrackToolAttribute(IMethodSymbol method)
    {
        if (TrackToolAttribute is null)
        {
            return null;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, TrackToolAttribute))
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a method hands an LLM result (or a stream) to AgentBudget: a <c>Record…</c>, <c>Track…</c> or
    /// <c>Wrap…</c> method declared in an <c>AgentBudget</c> namespace — the session's recording methods, the per-SDK
    /// manual-mode helpers and the <c>Record</c> extension methods the generator emits into the consumer.
    /// </summary>
    public static bool IsRecordingMethod(IMethodSymbol method)
    {
        var name = method.Name;
        if (!(name.StartsWith("Record", StringComparison.Ordinal)
            || name.StartsWith("Track", StringComparison.Ordinal)
            || name.StartsWith("Wrap", StringComparison.Ordinal)))
        {
            return false;
        }

        return IsAgentBudgetMember(method);
    }

    /// <summary>
    /// Whether a symbol comes from AgentBudget: a referenced AgentBudget assembly (the runtime and the integration
    /// packages, which put builder extensions such as <c>UseBudget</c> in the framework's own namespace where users
    /// find them), or code the AgentBudget generator emitted into this compilation: the manual-mode
    /// <c>Record</c>/<c>Track</c>/<c>Wrap</c> extensions (namespace <c>AgentBudget</c>) and the interceptors
    /// (<c>AgentBudget.Generated</c>). User code in a namespace that merely starts with <c>AgentBudget</c> does not count.
    /// </summary>
    public static bool IsAgentBudgetMember(ISymbol? symbol)
    {
        if (symbol is null)
        {
            return false;
        }

        var type = symbol as INamedTypeSymbol ?? symbol.ContainingType;
        var declaredInSource = false;
        foreach (var location in (type ?? symbol).Locations)
        {
            declaredInSource |= location.IsInSource;
        }

        if (declaredInSource)
        {
            var ns = (type ?? symbol).ContainingNamespace;
            return IsRootAgentBudgetNamespace(ns) || IsGeneratedNamespace(ns);
        }

        var assembly = symbol.ContainingAssembly?.Name;
        return assembly is not null && (assembly == "AgentBudget" || assembly.StartsWith("AgentBudget.", StringComparison.Ordinal));
    }

    private static bool IsRootAgentBudgetNamespace(INamespaceSymbol? ns) =>
        ns is { Name: "AgentBudget", ContainingNamespace.IsGlobalNamespace: true };

    private static bool IsGeneratedNamespace(INamespaceSymbol? ns) =>
        ns is { Name: "Generated" } && IsRootAgentBudgetNamespace(ns.ContainingNamespace)
        || (ns is { IsGlobalNamespace: false } && IsGeneratedNamespace(ns.ContainingNamespace));

    private static INamedTypeSymbol? FindRuntimeType(Compilation compilation, string simpleName)
    {
        // The runtime keeps its enforcement types in the root namespace; the sub-namespace is accepted so that a
        // move inside the runtime does not silently switch a rule off.
        return compilation.GetTypeByMetadataName("AgentBudget." + simpleName)
            ?? compilation.GetTypeByMetadataName("AgentBudget.Enforcement." + simpleName);
    }
}
