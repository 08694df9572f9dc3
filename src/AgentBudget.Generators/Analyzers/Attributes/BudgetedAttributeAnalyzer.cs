using System.Collections.Immutable;
using AgentBudget.Generators.Analyzers.Infrastructure;
using AgentBudget.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AgentBudget.Generators.Analyzers.Attributes;

/// <summary>AB0005 (invalid budget literal) and AB0007 ([Budgeted] type, or a type containing it, not partial).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BudgetedAttributeAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property naming the fully qualified types the AB0007 code fix must make partial.</summary>
    internal const string TypesToMakePartialProperty = "TypesToMakePartial";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.InvalidBudgetLiteral, DiagnosticDescriptors.BudgetedTypeNotPartial);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var budget = AgentBudgetSymbols.Create(start.Compilation);
            if (budget.BudgetedAttribute is null)
            {
                return;
            }

            start.RegisterSymbolAction(c => AnalyzeType(c, budget), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, AgentBudgetSymbols budget)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        var attribute = budget.FindBudgetedAttribute(type);
        if (attribute is null)
        {
            return;
        }

        CheckLiteral(context, attribute);
        CheckPartial(context, type);
    }

    private static void CheckLiteral(SymbolAnalysisContext context, AttributeData attribute)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Kind == TypedConstantKind.Error)
        {
            return;
        }

        var text = attribute.ConstructorArguments[0].Value as string;
        var reason = BudgetLiteral.ValidateBudget(text);
        if (reason is null)
        {
            return;
        }

        var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is AttributeSyntax { ArgumentList.Arguments.Count: > 0 } syntax
            ? syntax.ArgumentList.Arguments[0].GetLocation()
            : attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? Location.None;
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidBudgetLiteral, location, reason.TrimEnd('.')));
    }

    private static void CheckPartial(SymbolAnalysisContext context, INamedTypeSymbol type)
    {
        var notPartial = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (!IsPartialEverywhere(current, context))
            {
                notPartial.Add(current);
            }
        }

        if (notPartial.Count == 0)
        {
            return;
        }

        // One diagnostic on the [Budgeted] type, naming the containing types that need the modifier too; the code fix
        // adds it to every declaration of each of them.
        var containers = new System.Text.StringBuilder();
        var names = new System.Text.StringBuilder();
        foreach (var needing in notPartial)
        {
            if (names.Length > 0)
            {
                names.Append(';');
            }

            names.Append(needing.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
            if (!SymbolEqualityComparer.Default.Equals(needing, type))
            {
                containers.Append(containers.Length == 0 ? " (also to its containing type '" : "', '");
                containers.Append(needing.Name);
            }
        }

        if (containers.Length > 0)
        {
            containers.Append("')");
        }

        var location = FirstDeclarationIdentifier(type, context) ?? type.Locations[0];
        var properties = ImmutableDictionary<string, string?>.Empty.Add(TypesToMakePartialProperty, names.ToString());
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.BudgetedTypeNotPartial,
            location,
            properties,
            type.Name,
            containers.ToString()));
    }

    private static bool IsPartialEverywhere(INamedTypeSymbol type, SymbolAnalysisContext context)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(context.CancellationToken) is TypeDeclarationSyntax declaration
                && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return false;
            }
        }

        return true;
    }

    private static Location? FirstDeclarationIdentifier(INamedTypeSymbol type, SymbolAnalysisContext context)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(context.CancellationToken) is TypeDeclarationSyntax declaration
                && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return declaration.Identifier.GetLocation();
            }
        }

        return null;
    }
}
